// Produk digital: pulsa, data, PLN tokens and bills sold at the counter. Pick a tile (categories,
// search), type the customer's number (checked as it is typed; a phone number's operator narrows the
// tiles), check the bill or the registered name and read it back, then take cash or a QRIS scan.
// Main records the sale before anything is sent and buys only once the payment is final; this screen
// follows the purchase to its end. Keyboard first: every step has a key, shown and clickable.
import { type FormEvent, type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import type { Catalogue, InquiryView, ProductView, PurchaseView } from '../../../preload/contract/ppob';
import type { ProductCategory } from '../../../preload/contract/ppob-numbers';
import { POSTPAID_CATEGORIES } from '../../../preload/contract/ppob-numbers';
import { play } from '../audio/beep';
import { DepositNotices } from '../components/DepositNotices';
import { dialogOpen, isTypingTarget } from '../components/Modal';
import { Notice } from '../components/Notice';
import { ShortcutBar } from '../components/ShortcutBar';
import { SupervisorDialog } from '../components/SupervisorDialog';
import { formatRupiah, parseRupiahInput } from '../format';
import { type ScanDelivery, useScanInput } from '../hooks/scan-bus';
import { useKasirEvent } from '../hooks/useKasirEvent';
import { useShortcuts } from '../hooks/useShortcuts';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';
import { kasir } from '../kasir';
import { newestView, rememberView } from './newest-view';
import { PurchasePanel } from './PurchasePanel';
import {
  categoriesOf,
  changeOf,
  needsInquiry,
  newerPurchase,
  numberReading,
  OPERATOR_NAMES,
  samePurchase,
  stepCategory,
  totalOf,
  visibleProducts,
} from './ppob-model';
import './ppob.css';

/** Purchases whose newest view is kept from their events (a sale's own is among the last few). */
const SEEN_KEPT = 32;

const UNEXPECTED: IpcError = {
  code: 'INTERNAL',
  message: {
    id: 'Aplikasi tidak menjawab. Coba lagi; jika berulang, tutup dan buka kembali aplikasi.',
    en: 'The app did not answer. Try again; if it repeats, close and reopen the app.',
  },
};

type Method = 'cash' | 'qris';

export function PpobScreen({ active = true }: { active?: boolean }) {
  const { t, language } = useI18n();
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [category, setCategory] = useState<ProductCategory>('pulsa');
  const [search, setSearch] = useState('');
  const [product, setProduct] = useState<ProductView | null>(null);
  const [number, setNumber] = useState('');
  const [period, setPeriod] = useState('');
  const [recent, setRecent] = useState<{ customerNo: string; customerName: string | null }[]>([]);
  const [inquiry, setInquiry] = useState<InquiryView | null>(null);
  const [readBack, setReadBack] = useState(false);
  const [method, setMethod] = useState<Method>('cash');
  const [received, setReceived] = useState('');
  const [busy, setBusy] = useState<'inquiry' | 'sale' | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [purchase, setPurchase] = useState<PurchaseView | null>(null);
  const [note, setNote] = useState<{ tone: 'ok' | 'bad' | 'info'; text: string } | null>(null);
  const [dialog, setDialog] = useState<'cash-returned' | null>(null);
  const numberField = useRef<HTMLInputElement>(null);
  const cashField = useRef<HTMLInputElement>(null);
  const announced = useRef<string | null>(null);

  const load = useCallback(async () => {
    try {
      const result = await kasir().invoke('ppob:catalogue');
      if (result.ok) {
        setCatalogue(result.value);
        const first = categoriesOf(result.value.products)[0];
        if (first)
          setCategory((current) => (categoriesOf(result.value.products).includes(current) ? current : first));
      } else setError(result.error);
    } catch {
      setError(UNEXPECTED);
    }
  }, []);

  useEffect(() => {
    void load();
    // A sale left unfinished (a restart while the provider worked) is shown before anything else.
    void kasir()
      .invoke('ppob:active')
      .then((result) => {
        if (result.ok && result.value) setPurchase((current) => current ?? result.value);
      })
      .catch(() => undefined);
  }, [load]);

  const saleCategory = product?.category ?? category;
  useEffect(() => {
    void kasir()
      .invoke('ppob:recent', { category: saleCategory })
      .then((result) => setRecent(result.ok ? result.value.numbers : []))
      .catch(() => setRecent([]));
  }, [saleCategory]);

  // The newest view of each recent purchase an event brought: a sale's events can arrive before
  // ppob:sell answers with the purchase as journaled, and the newer of the two is what is shown.
  const seenPurchases = useRef<readonly PurchaseView[]>([]);
  useKasirEvent('ppob:changed', (next) => {
    seenPurchases.current = rememberView(seenPurchases.current, next, samePurchase, SEEN_KEPT);
    // Against the state as React will have it, not as last rendered: an event right after the
    // sale's answer must not be judged against the screen before that answer.
    setPurchase((current) => (newerPurchase(current, next) ? next : current));
  });

  // One sound per outcome of each purchase.
  useEffect(() => {
    if (!purchase || purchase.outcome === 'unresolved') return;
    const key = `${purchase.reference}:${purchase.outcome}`;
    if (announced.current === key) return;
    announced.current = key;
    play(purchase.outcome === 'success' ? 'success' : 'failure');
  }, [purchase]);

  const products = catalogue?.products ?? [];
  const categories = categoriesOf(products);
  const reading = numberReading(product, category, number);
  const operator = reading.ok ? reading.operator : undefined;
  const tiles = useMemo(
    () => visibleProducts(products, { category, search, operator }),
    [products, category, search, operator],
  );

  const inquiryNeeded = product !== null && needsInquiry(product);
  const inquiryDone = inquiry !== null && product !== null && inquiry.productKey === product.key;
  const total = product === null ? null : totalOf(product, inquiryDone ? inquiry.totalMinor : null);
  const receivedMinor = received.trim() === '' ? null : parseRupiahInput(received);
  const change = total === null ? null : changeOf(receivedMinor, total);
  const final = purchase !== null && purchase.outcome !== 'unresolved';
  const selling = purchase === null || final;
  const mismatch =
    product !== null && product.operator !== null && operator !== undefined && product.operator !== operator
      ? operator
      : undefined;
  const ready =
    product !== null &&
    reading.ok &&
    mismatch === undefined &&
    busy === null &&
    (!inquiryNeeded || (inquiryDone && readBack)) &&
    purchase === null;
  const whyNotReady =
    product === null
      ? t('ppob.chooseProduct')
      : !reading.ok
        ? numberProblem(reading)
        : mismatch
          ? t('ppob.operatorMismatch', { operator: OPERATOR_NAMES[mismatch] })
          : inquiryNeeded && !inquiryDone
            ? t('ppob.inquiryFirst')
            : inquiryNeeded && !readBack
              ? t('ppob.readBackFirst')
              : null;

  function numberProblem(r: typeof reading): string {
    if (r.ok) return t('ppob.numberOk');
    const what = r.what[language];
    return t(
      r.problem === 'invalid'
        ? 'ppob.numberInvalid'
        : r.problem === 'short'
          ? 'ppob.numberShort'
          : 'ppob.numberNeeded',
      {
        what,
      },
    );
  }

  const clearSale = () => {
    setProduct(null);
    setNumber('');
    setPeriod('');
    setInquiry(null);
    setReadBack(false);
    setReceived('');
    setMethod('cash');
    setError(null);
    setNote(null);
    setPurchase(null);
  };

  const choose = (next: ProductView) => {
    if (purchase !== null && !final) return;
    if (final) {
      setPurchase(null);
      setNote(null);
    }
    setProduct(next);
    setInquiry(null);
    setReadBack(false);
    setError(null);
    numberField.current?.focus();
  };

  /** One call to main for the sale: busy meanwhile, main's refusal shown (with a sound), nothing thrown. */
  const ask = async <T,>(
    kind: 'inquiry' | 'sale',
    send: () => Promise<{ ok: true; value: T } | { ok: false; error: IpcError }>,
    done: (value: T) => void,
  ) => {
    setBusy(kind);
    setError(null);
    try {
      const result = await send();
      if (result.ok) done(result.value);
      else {
        setError(result.error);
        play('error');
      }
    } catch {
      setError(UNEXPECTED);
    } finally {
      setBusy(null);
    }
  };

  const runInquiry = async () => {
    if (!product || !reading.ok || !inquiryNeeded || busy !== null || purchase !== null) return;
    setInquiry(null);
    setReadBack(false);
    await ask(
      'inquiry',
      () =>
        kasir().invoke('ppob:inquiry', {
          provider: product.provider,
          productCode: product.code,
          customerNo: reading.number,
          ...(/^\d{6}$/.test(period) ? { period } : {}),
        }),
      setInquiry,
    );
  };

  const sell = async (
    payment: { method: 'cash'; receivedMinor: string } | { method: 'qris'; scanId: string },
  ) => {
    if (!product || !reading.ok) return;
    await ask(
      'sale',
      () =>
        kasir().invoke('ppob:sell', {
          provider: product.provider,
          productCode: product.code,
          customerNo: reading.number,
          ...(inquiryDone && product.inquiry === 'required' ? { inquiry: inquiry.reference } : {}),
          payment,
        }),
      (answered) => {
        const sold = newestView(seenPurchases.current, answered, samePurchase);
        // The same purchase, already newer on screen (its event was applied first), stays.
        setPurchase((current) => (current !== null && newerPurchase(sold, current) ? current : sold));
        void kasir()
          .invoke('ppob:recent', { category: product.category })
          .then((r) => r.ok && setRecent(r.value.numbers))
          .catch(() => undefined);
      },
    );
  };

  const payCash = () => {
    if (!ready || total === null) return;
    if (receivedMinor === null || change === null) {
      setError({ code: 'PPOB_CASH_SHORT', message: { id: t('ppob.cashShort'), en: t('ppob.cashShort') } });
      cashField.current?.focus();
      return;
    }
    void sell({ method: 'cash', receivedMinor });
  };

  const handleScan = async (scan: ScanDelivery) => {
    if (scan.source !== 'camera' && dialogOpen()) return;
    if (!ready || method !== 'qris') {
      setNote({ tone: 'bad', text: t('ppob.scanNotNow') });
      play('error');
      return;
    }
    setBusy('sale');
    try {
      const checked = await kasir().invoke('scan:check', { text: scan.text, source: scan.source });
      if (!checked.ok) {
        setError(checked.error);
        setBusy(null);
        play('error');
        return;
      }
      await sell({ method: 'qris', scanId: checked.value.scanId });
    } catch {
      setError(UNEXPECTED);
      setBusy(null);
    }
  };

  useScanInput({
    onScan: (scan) => {
      if (active) void handleScan(scan);
    },
  });

  const recheck = async () => {
    if (!purchase || final) return;
    const result = await kasir().invoke('ppob:recheck', { reference: purchase.reference });
    if (result.ok && newerPurchase(purchase, result.value)) setPurchase(result.value);
    else if (!result.ok) setError(result.error);
  };

  const printReceipt = async () => {
    if (!purchase || !final) return;
    const result = await kasir().invoke('ppob:receipt:print', { reference: purchase.reference });
    if (!result.ok) setNote({ tone: 'bad', text: result.error.message[language] });
    else if (!result.value.printed) setNote({ tone: 'info', text: t('receipt.notPrinted') });
    else setNote({ tone: 'ok', text: t(result.value.copy ? 'receipt.printedCopy' : 'receipt.printed') });
  };

  const confirmCashReturned = async (pin: string, reason: string): Promise<IpcError | null> => {
    if (!purchase) return null;
    const result = await kasir().invoke('ppob:cash-returned', { reference: purchase.reference, pin, reason });
    if (!result.ok) return result.error;
    setPurchase(result.value);
    setDialog(null);
    return null;
  };

  const cashToReturn = purchase?.cashToReturn === true;
  useShortcuts(
    {
      F6: inquiryNeeded && purchase === null ? () => void runInquiry() : undefined,
      F8: cashToReturn ? () => setDialog('cash-returned') : undefined,
      F9: final ? () => void printReceipt() : undefined,
      F10: purchase !== null && !final ? () => void recheck() : undefined,
      Escape: selling && busy === null ? clearSale : undefined,
      PageDown: () => setCategory((c) => stepCategory(categories, c, 1)),
      PageUp: () => setCategory((c) => stepCategory(categories, c, -1)),
    },
    active && dialog === null,
  );

  // In a field the screen keys still work: Esc clears the sale, PageUp/PageDown change the category.
  const fieldKeys = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.defaultPrevented || dialogOpen() || !isTypingTarget(event.target)) return;
    const action =
      event.key === 'Escape'
        ? selling && busy === null
          ? clearSale
          : undefined
        : event.key === 'PageDown' || event.key === 'PageUp'
          ? () => setCategory((c) => stepCategory(categories, c, event.key === 'PageDown' ? 1 : -1))
          : undefined;
    if (!action) return;
    event.preventDefault();
    action();
  };

  const submitNumber = (event: FormEvent) => {
    event.preventDefault();
    if (inquiryNeeded && !inquiryDone) void runInquiry();
    else if (method === 'cash') cashField.current?.focus();
  };

  if (catalogue === null) {
    return error ? <Notice tone="bad">{error.message[language]}</Notice> : <p>{t('ppob.loading')}</p>;
  }
  if (!catalogue.available) {
    return (
      <div className="scan-error" role="alert" data-testid="ppob-unavailable">
        <strong>{t('ppob.unavailable')}</strong>
        <p>{catalogue.reason?.[language]}</p>
      </div>
    );
  }

  const inquiryLabel = product?.inquiry === 'name' ? t('ppob.inquiryName') : t('ppob.inquiry');
  const categoryOfTile = (p: ProductView) => t(`ppob.category.${p.category}` as MessageKey);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: keys typed in its fields, not a control of its own
    <div className="ppob" onKeyDown={fieldKeys}>
      <section className="ppob-catalogue" aria-labelledby="ppob-title">
        <h2 id="ppob-title" className="visually-hidden">
          {t('nav.ppob')}
        </h2>
        <DepositNotices deposits={catalogue.deposits} />
        {catalogue.problems.map((problem) => (
          <Notice key={problem.en} tone="bad">
            {problem[language]}
          </Notice>
        ))}
        <fieldset className="ppob-categories">
          <legend className="visually-hidden">{t('ppob.categories')}</legend>
          {categories.map((c) => (
            <button
              key={c}
              type="button"
              className={c === category && search === '' ? 'tab active' : 'tab'}
              aria-pressed={c === category}
              onClick={() => {
                setCategory(c);
                setSearch('');
              }}
            >
              {t(`ppob.category.${c}` as MessageKey)}
            </button>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('ppob.search')}</span>
          <input
            type="search"
            name="ppob-search"
            value={search}
            placeholder={t('ppob.searchPlaceholder')}
            autoComplete="off"
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        {operator && PHONE_FILTERED.has(category) && search === '' && (
          <p className="hint" data-testid="ppob-operator-filter">
            {t('ppob.operatorFiltered', { operator: OPERATOR_NAMES[operator] })}
          </p>
        )}
        <ul className="ppob-tiles" aria-label={t('ppob.products')}>
          {tiles.length === 0 && <li className="muted">{t('ppob.noProducts')}</li>}
          {tiles.map((p) => (
            <li key={p.key}>
              <button
                type="button"
                className={p.key === product?.key ? 'ppob-tile selected' : 'ppob-tile'}
                aria-pressed={p.key === product?.key}
                data-testid="ppob-tile"
                data-product={p.key}
                onClick={() => choose(p)}
              >
                <span className="ppob-tile-name">{p.name}</span>
                {search !== '' && <span className="muted small">{categoryOfTile(p)}</span>}
                <span className="ppob-tile-price">{formatRupiah(p.sellingPriceMinor, language)}</span>
                {p.postpaid && <span className="muted small">{t('ppob.billAfterInquiry')}</span>}
                {p.belowCost && <span className="bad-text small">{t('ppob.belowCost')}</span>}
              </button>
            </li>
          ))}
        </ul>
      </section>

      <section className="ppob-sale" aria-label={t('ppob.pay')}>
        {product && (
          <div className="ppob-chosen" data-testid="ppob-chosen">
            <strong>{product.name}</strong>
            <span className="muted">{categoryOfTile(product)}</span>
          </div>
        )}
        <form className="form" onSubmit={submitNumber} noValidate>
          <label className="field">
            <span>{t('ppob.customerNo')}</span>
            <input
              ref={numberField}
              name="customer-no"
              inputMode="numeric"
              autoComplete="off"
              maxLength={32}
              value={number}
              disabled={purchase !== null && !final}
              aria-invalid={!reading.ok && reading.problem === 'invalid' ? true : undefined}
              aria-describedby="ppob-number-check"
              onChange={(event) => {
                if (final) setPurchase(null);
                setNumber(event.target.value);
                setInquiry(null);
                setReadBack(false);
                setError(null);
              }}
            />
          </label>
          <p
            id="ppob-number-check"
            className={reading.ok ? 'hint ok-text' : reading.problem === 'invalid' ? 'error' : 'hint'}
            data-testid="ppob-number-check"
          >
            {reading.ok
              ? operator
                ? t('ppob.operator', { operator: OPERATOR_NAMES[operator] })
                : PHONE_FILTERED.has(saleCategory)
                  ? t('ppob.operatorUnknown')
                  : t('ppob.numberOk')
              : numberProblem(reading)}
          </p>
          {product && POSTPAID_CATEGORIES.has(product.category) && product.category === 'bpjs' && (
            <label className="field">
              <span>{t('ppob.period')}</span>
              <input
                name="period"
                inputMode="numeric"
                placeholder="YYYYMM"
                maxLength={6}
                value={period}
                onChange={(event) => setPeriod(event.target.value.replace(/\D/g, ''))}
              />
            </label>
          )}
        </form>
        {recent.length > 0 && selling && (
          <fieldset className="ppob-recent">
            <legend className="muted small">{t('ppob.recent')}</legend>
            {recent.map((r) => (
              <button
                key={r.customerNo}
                type="button"
                className="chip"
                onClick={() => {
                  if (final) setPurchase(null);
                  setNumber(r.customerNo);
                  setInquiry(null);
                  setReadBack(false);
                }}
              >
                <span className="mono">{r.customerNo}</span>
                {r.customerName && <span className="muted"> {r.customerName}</span>}
              </button>
            ))}
          </fieldset>
        )}

        {busy === 'inquiry' && (
          <div className="prompt working" role="status">
            <span className="spinner" aria-hidden="true" />
            <strong>{t('ppob.inquiring')}</strong>
          </div>
        )}

        {inquiryDone && purchase === null && (
          <section className="ppob-inquiry" data-testid="ppob-inquiry" aria-label={t('ppob.inquiryTitle')}>
            <dl className="ppob-lines">
              {inquiry.customerName && (
                <>
                  <dt>{t('ppob.name')}</dt>
                  <dd className="ppob-name" data-testid="ppob-inquiry-name">
                    {inquiry.customerName}
                  </dd>
                </>
              )}
              {inquiry.period && (
                <>
                  <dt>{t('ppob.period')}</dt>
                  <dd>{inquiry.period}</dd>
                </>
              )}
              <dt>{product?.postpaid ? t('ppob.bill') : t('ppob.price')}</dt>
              <dd>{formatRupiah(inquiry.billMinor, language)}</dd>
              {inquiry.adminFeeMinor !== '0' && (
                <>
                  <dt>{t('ppob.adminFee')}</dt>
                  <dd>{formatRupiah(inquiry.adminFeeMinor, language)}</dd>
                </>
              )}
              <dt>{t('ppob.storeFee')}</dt>
              <dd>{formatRupiah(inquiry.storeFeeMinor, language)}</dd>
              <dt>{t('ppob.total')}</dt>
              <dd className="ppob-total">{formatRupiah(inquiry.totalMinor, language)}</dd>
            </dl>
            <p className="next-step">{t('ppob.readBack')}</p>
            <label className="check">
              <input
                type="checkbox"
                name="read-back"
                checked={readBack}
                onChange={(event) => setReadBack(event.target.checked)}
              />{' '}
              {t('ppob.readBackDone')}
            </label>
          </section>
        )}

        {error && (
          <div className="scan-error" role="alert" data-code={error.code} data-testid="ppob-error">
            <p>{error.message[language]}</p>
          </div>
        )}

        {purchase === null && product && (
          <section className="ppob-pay">
            <div className="ppob-total-row">
              <span>{t('ppob.total')}</span>
              <strong data-testid="ppob-total">{total === null ? '' : formatRupiah(total, language)}</strong>
            </div>
            <fieldset className="ppob-methods">
              <legend className="visually-hidden">{t('ppob.pay')}</legend>
              {(['cash', 'qris'] as const).map((m) => (
                <button
                  key={m}
                  type="button"
                  aria-pressed={method === m}
                  className={method === m ? 'tab active' : 'tab'}
                  onClick={() => setMethod(m)}
                >
                  {t(m === 'cash' ? 'ppob.cash' : 'ppob.qris')}
                </button>
              ))}
            </fieldset>
            {method === 'cash' ? (
              <form
                className="form"
                noValidate
                onSubmit={(event) => {
                  event.preventDefault();
                  payCash();
                }}
              >
                <label className="field">
                  <span>{t('ppob.received')}</span>
                  <input
                    ref={cashField}
                    name="cash-received"
                    inputMode="numeric"
                    autoComplete="off"
                    value={received}
                    onChange={(event) => setReceived(event.target.value)}
                  />
                </label>
                <p className="ppob-change" data-testid="ppob-change">
                  {t('ppob.change')}: {change === null ? '—' : formatRupiah(change, language)}
                </p>
                <button type="submit" className="button primary" disabled={!ready || change === null}>
                  {busy === 'sale' ? t('ppob.sending') : t('ppob.payCash')}
                </button>
              </form>
            ) : (
              <div className={ready ? 'prompt ready' : 'prompt'} data-testid="ppob-scan-prompt">
                <strong>{busy === 'sale' ? t('ppob.sending') : t('ppob.scanNow')}</strong>
                <span>{t('ppob.scanHint')}</span>
              </div>
            )}
            {whyNotReady && (
              <p className="why-disabled" data-testid="ppob-why">
                {whyNotReady}
              </p>
            )}
          </section>
        )}

        {purchase && <PurchasePanel purchase={purchase} />}
        {note && (
          <Notice tone={note.tone} testId="ppob-note">
            {note.text}
          </Notice>
        )}
      </section>

      <ShortcutBar
        label={t('shortcuts.title')}
        shortcuts={[
          {
            key: 'Esc',
            label: final ? t('ppob.newSale') : t('ppob.clear'),
            enabled: selling && busy === null,
            onPress: clearSale,
            why: t('ppob.why.busy'),
          },
          {
            key: 'F6',
            label: inquiryLabel,
            enabled: inquiryNeeded && reading.ok && purchase === null && busy === null,
            onPress: () => void runInquiry(),
            why: inquiryNeeded ? (whyNotReady ?? undefined) : t('ppob.why.noInquiry'),
          },
          {
            key: 'F8',
            label: t('ppob.returnCashConfirm'),
            enabled: cashToReturn,
            onPress: () => setDialog('cash-returned'),
            why: t('ppob.why.nothingToReturn'),
          },
          {
            key: 'F9',
            label: t('ppob.print'),
            enabled: final,
            onPress: () => void printReceipt(),
            why: t('ppob.why.notFinal'),
          },
          {
            key: 'F10',
            label: t('ppob.recheck'),
            enabled: purchase !== null && !final,
            onPress: () => void recheck(),
            why: t('ppob.why.notFinal'),
          },
        ]}
      />

      {dialog === 'cash-returned' && purchase && (
        <SupervisorDialog
          title={t('ppob.returnCashTitle')}
          confirmLabel={t('ppob.returnCashConfirm')}
          onClose={() => setDialog(null)}
          onSubmit={({ pin, reason }) => confirmCashReturned(pin, reason)}
        >
          <p>{t('ppob.returnCashHint', { amount: formatRupiah(purchase.totalMinor, language) })}</p>
        </SupervisorDialog>
      )}
    </div>
  );
}

/** The categories whose tiles follow the typed number's operator. */
const PHONE_FILTERED: ReadonlySet<ProductCategory> = new Set(['pulsa', 'data']);
