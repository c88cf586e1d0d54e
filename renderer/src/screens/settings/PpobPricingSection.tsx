// The owner's prices for digital products, behind the supervisor PIN: a store fee per category, a
// fixed selling price per product where wanted, and the deposit level below which the counter warns.
// Each product shows the margin main computes from the provider's buy price; below cost is refused
// at the counter until fixed (or accepted on purpose), and said here.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../../../preload/contract';
import type { Catalogue, PpobPricing, ProductView } from '../../../../preload/contract/ppob';
import type { ProductCategory } from '../../../../preload/contract/ppob-numbers';
import type { SettingsView } from '../../../../preload/contract/settings';
import { formatRupiah, minorOf, parseRupiahInput } from '../../format';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { categoriesOf, PROVIDER_NAMES } from '../ppob-model';
import { ErrorNote } from './ErrorNote';
import { call } from './ipc';
import { useSupervisedCall } from './SupervisorPinGate';

const PROVIDERS = ['klikoo', 'doku'] as const;
/** Whole Rupiah as the owner types it ("1.500"), from minor units. */
const rupiahText = (minor: string | undefined) =>
  minor === undefined ? '' : (minorOf(minor) / 100n).toString();

interface Draft {
  fees: Partial<Record<ProductCategory, string>>;
  prices: Record<string, string>;
  lowBalance: Partial<Record<(typeof PROVIDERS)[number], string>>;
}

function draftOf(pricing: PpobPricing): Draft {
  return {
    fees: Object.fromEntries(
      Object.entries(pricing.categories).map(([category, c]) => [category, rupiahText(c?.storeFeeMinor)]),
    ),
    prices: Object.fromEntries(
      Object.entries(pricing.products).map(([key, p]) => [key, rupiahText(p.sellingPriceMinor)]),
    ),
    lowBalance: Object.fromEntries(
      Object.entries(pricing.lowBalance).map(([p, minor]) => [p, rupiahText(minor)]),
    ),
  };
}

/** The pricing to save, or the first field that cannot be read. */
function pricingOf(draft: Draft, base: PpobPricing): PpobPricing | string {
  const categories: PpobPricing['categories'] = { ...base.categories };
  for (const [category, text] of Object.entries(draft.fees) as [ProductCategory, string][]) {
    const minor = text.trim() === '' ? '0' : parseRupiahInput(text);
    if (minor === null) return `fee:${category}`;
    categories[category] = { ...base.categories[category], storeFeeMinor: minor };
  }
  const products: PpobPricing['products'] = { ...base.products };
  for (const [key, text] of Object.entries(draft.prices)) {
    const { sellingPriceMinor: _old, ...rest } = base.products[key] ?? { acceptLoss: false };
    if (text.trim() === '') {
      if (rest.storeFeeMinor === undefined && !rest.acceptLoss) delete products[key];
      else products[key] = rest;
      continue;
    }
    const minor = parseRupiahInput(text);
    if (minor === null) return `price:${key}`;
    products[key] = { ...rest, sellingPriceMinor: minor };
  }
  const lowBalance: PpobPricing['lowBalance'] = {};
  for (const [provider, text] of Object.entries(draft.lowBalance) as [(typeof PROVIDERS)[number], string][]) {
    if (text.trim() === '') continue;
    const minor = parseRupiahInput(text);
    if (minor === null) return `low:${provider}`;
    lowBalance[provider] = minor;
  }
  return { categories, products, lowBalance };
}

export function PpobPricingSection({
  settings,
  onChange,
}: {
  settings: SettingsView;
  onChange: (view: SettingsView) => void;
}) {
  const { t, language } = useI18n();
  const supervised = useSupervisedCall();
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings.ppob));
  const [bad, setBad] = useState<string | null>(null);
  const [failure, setFailure] = useState<IpcError | null>(null);
  const [saved, setSaved] = useState(false);

  const load = useCallback(async () => {
    const answer = await call('ppob:catalogue');
    if (answer.ok) setCatalogue(answer.value);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const money = (minor: string) => formatRupiah(minor, language);
  const set = (patch: (d: Draft) => Draft) => {
    setDraft(patch);
    setSaved(false);
    setBad(null);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const pricing = pricingOf(draft, settings.ppob);
    if (typeof pricing === 'string') {
      setBad(pricing);
      return;
    }
    await supervised(
      (pin) => call('settings:ppob:save', { pricing, ...pin }),
      (view) => {
        onChange(view);
        setDraft(draftOf(view.ppob));
        setSaved(true);
        void load();
      },
      setFailure,
    );
  }

  const products = catalogue?.products ?? [];
  const typedBelowCost = (p: ProductView) => {
    const minor = parseRupiahInput(draft.prices[p.key] ?? '');
    return minor !== null && !p.postpaid && minorOf(minor) < minorOf(p.buyPriceMinor);
  };

  return (
    <section className="settings-section" aria-labelledby="settings-ppob">
      <h3 id="settings-ppob">{t('ppobSettings.title')}</h3>
      <p className="hint">{t('ppobSettings.intro')}</p>
      {catalogue && !catalogue.available && <p className="notice">{catalogue.reason?.[language]}</p>}
      <form className="form" onSubmit={(event) => void save(event)} noValidate>
        <fieldset className="settings-grid">
          <legend>{t('ppobSettings.deposits')}</legend>
          {PROVIDERS.map((provider) => {
            const deposit = catalogue?.deposits.find((d) => d.provider === provider);
            return (
              <label className="field" key={provider}>
                <span>{t('ppobSettings.lowBalance', { provider: PROVIDER_NAMES[provider] })}</span>
                <input
                  name={`low-${provider}`}
                  inputMode="numeric"
                  value={draft.lowBalance[provider] ?? ''}
                  aria-invalid={bad === `low:${provider}` ? true : undefined}
                  onChange={(e) =>
                    set((d) => ({ ...d, lowBalance: { ...d.lowBalance, [provider]: e.target.value } }))
                  }
                />
                {deposit?.balanceMinor && (
                  <small className={deposit.low ? 'bad-text' : 'hint'} data-testid={`deposit-${provider}`}>
                    {t('ppob.deposit', {
                      provider: PROVIDER_NAMES[provider],
                      amount: money(deposit.balanceMinor),
                    })}
                  </small>
                )}
              </label>
            );
          })}
        </fieldset>
        {categoriesOf(products).map((category) => (
          <fieldset key={category} className="ppob-pricing">
            <legend>{t(`ppob.category.${category}` as MessageKey)}</legend>
            <label className="field inline">
              <span>{t('ppobSettings.storeFee')}</span>
              <input
                name={`fee-${category}`}
                inputMode="numeric"
                value={draft.fees[category] ?? ''}
                aria-invalid={bad === `fee:${category}` ? true : undefined}
                onChange={(e) => set((d) => ({ ...d, fees: { ...d.fees, [category]: e.target.value } }))}
              />
            </label>
            <table className="table compact" data-testid={`pricing-${category}`}>
              <thead>
                <tr>
                  <th>{t('ppob.products')}</th>
                  <th className="num">{t('ppobSettings.buy')}</th>
                  <th className="num">{t('ppobSettings.sell')}</th>
                  <th className="num">{t('report.ppobMargin')}</th>
                  <th>{t('ppobSettings.fixedPrice')}</th>
                </tr>
              </thead>
              <tbody>
                {products
                  .filter((p) => p.category === category)
                  .map((p) => (
                    <tr key={p.key} data-product={p.key}>
                      <td>{p.name}</td>
                      <td className="num nowrap">{money(p.buyPriceMinor)}</td>
                      <td className="num nowrap">{money(p.sellingPriceMinor)}</td>
                      <td className={p.belowCost ? 'num nowrap bad-text' : 'num nowrap'}>
                        {money(p.marginMinor)}
                        {p.belowCost && ` · ${t('ppob.belowCost')}`}
                      </td>
                      <td>
                        {!p.postpaid && (
                          <input
                            name={`price-${p.key}`}
                            aria-label={t('ppobSettings.fixedPriceOf', { product: p.name })}
                            inputMode="numeric"
                            value={draft.prices[p.key] ?? ''}
                            aria-invalid={bad === `price:${p.key}` ? true : undefined}
                            onChange={(e) =>
                              set((d) => ({ ...d, prices: { ...d.prices, [p.key]: e.target.value } }))
                            }
                          />
                        )}
                        {typedBelowCost(p) && (
                          <small className="bad-text" data-testid="pricing-below-cost">
                            {' '}
                            {t('ppobSettings.belowCostWarning')}
                          </small>
                        )}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </fieldset>
        ))}
        {bad && (
          <p className="error" role="alert">
            {t('ppobSettings.badAmount')}
          </p>
        )}
        <button type="submit">{t('settings.save')}</button>
      </form>
      {saved && <output className="hint">{t('settings.saved')}</output>}
      <ErrorNote error={failure} />
    </section>
  );
}
