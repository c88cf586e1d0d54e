// The merchant's back office, served by the merchant server: the day's report across shops and
// terminals (payments and PPOB) with its differences flagged, the payments and PPOB histories, the
// provider's notifications (unmatched ones first to the eye) and the terminals (enrol with a
// one-time code, revoke).
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type {
  Difference,
  EnrolmentCode,
  HintView,
  MerchantDayReport,
  Session,
  TerminalView,
} from '../../preload/contract/backoffice';
import {
  BACKOFFICE_API,
  EnrolmentCodeSchema,
  HintListSchema,
  MerchantDayReportSchema,
  PaymentsPageSchema,
  revokePath,
  SessionSchema,
  TerminalListSchema,
} from '../../preload/contract/backoffice';
import { PAYMENT_STATE_NAMES } from '../../preload/contract/payment-states';
import { formatRupiah } from '../src/format';
import { useI18n } from '../src/i18n';
import type { MessageKey } from '../src/i18n/messages';
import { download, get, post, session } from './api';
import {
  age,
  Choice,
  DateField,
  Failure,
  Money,
  MoreButton,
  OffsetContext,
  offsetMinutes,
  TableHead,
  TerminalName,
  Total,
  useDateTime,
  useFailure,
  usePages,
} from './common';
import { PpobReportSection, PurchasesView } from './Ppob';

type Tab = 'report' | 'payments' | 'ppob' | 'hints' | 'terminals';
const TABS: { id: Tab; label: MessageKey }[] = [
  { id: 'report', label: 'bo.tab.report' },
  { id: 'payments', label: 'bo.tab.payments' },
  { id: 'ppob', label: 'bo.tab.ppob' },
  { id: 'hints', label: 'bo.tab.hints' },
  { id: 'terminals', label: 'bo.tab.terminals' },
];

export function BackOffice() {
  const { t, language, setLanguage } = useI18n();
  const [me, setMe] = useState<Session | null>(null);
  const [tab, setTab] = useState<Tab>('report');
  const [key, setKey] = useState('');
  const { failure, report, clear } = useFailure();

  useEffect(() => {
    if (session.key()) void get(BACKOFFICE_API.session, SessionSchema).then(setMe, () => session.clear());
  }, []);

  async function signIn(event: FormEvent) {
    event.preventDefault();
    clear();
    session.set(key.trim());
    try {
      setMe(await get(BACKOFFICE_API.session, SessionSchema));
      setKey('');
    } catch (error) {
      session.clear();
      report(error);
    }
  }

  return (
    <OffsetContext.Provider value={me ? offsetMinutes(me.utcOffset) : 420}>
      <div className="backoffice">
        <header className="bo-top">
          <h1>{t('bo.title')}</h1>
          {me && (
            <nav className="tabs" aria-label="Menu">
              {TABS.map((item) => (
                <button
                  key={item.id}
                  type="button"
                  className={item.id === tab ? 'tab active' : 'tab'}
                  aria-current={item.id === tab ? 'page' : undefined}
                  onClick={() => setTab(item.id)}
                >
                  {t(item.label)}
                </button>
              ))}
            </nav>
          )}
          <button type="button" className="lang" onClick={() => setLanguage(language === 'id' ? 'en' : 'id')}>
            {t('lang.switch')}
          </button>
          {me && (
            <button
              type="button"
              onClick={() => {
                session.clear();
                setMe(null);
              }}
            >
              {t('bo.signOut')}
            </button>
          )}
        </header>
        <main>
          {me === null ? (
            <form className="bo-signin" onSubmit={(event) => void signIn(event)}>
              <label htmlFor="admin-key">{t('bo.key')}</label>
              <input
                id="admin-key"
                type="password"
                autoComplete="current-password"
                value={key}
                onChange={(event) => setKey(event.target.value)}
              />
              <p className="hint">{t('bo.keyHint')}</p>
              <button type="submit">{t('bo.signIn')}</button>
              <Failure text={failure} />
            </form>
          ) : tab === 'report' ? (
            <ReportView today={me.today} />
          ) : tab === 'payments' ? (
            <PaymentsView today={me.today} />
          ) : tab === 'ppob' ? (
            <PurchasesView today={me.today} />
          ) : tab === 'hints' ? (
            <HintsView />
          ) : (
            <TerminalsView />
          )}
        </main>
      </div>
    </OffsetContext.Provider>
  );
}

function DifferenceLine({ difference, names }: { difference: Difference; names: Map<string, string> }) {
  const { t, language } = useI18n();
  const terminal =
    'terminalId' in difference ? (names.get(difference.terminalId) ?? difference.terminalId) : '';
  let key = `bo.diff.${difference.kind}` as MessageKey;
  let vars: Record<string, string>;
  switch (difference.kind) {
    case 'notify-unjournaled':
    case 'callback-unexplained':
      vars = { status: difference.status ?? '?', ref: difference.refs[0] ?? '?' };
      break;
    case 'unresolved':
      if (difference.operation === 'purchase') key = 'bo.diff.unresolved-purchase';
      vars = {
        ref: difference.reference,
        terminal,
        state: difference.state,
        age: age(difference.ageMs, language),
      };
      break;
    case 'terminal-anomaly':
      vars = { terminal, anomaly: difference.anomaly };
      break;
    case 'paid-but-notified-failed':
    case 'not-paid-but-notified-paid':
      vars = { ref: difference.partnerReferenceNo, terminal, status: difference.notified };
      break;
    case 'purchase-success-but-callback-failed':
    case 'purchase-failed-but-callback-success':
      vars = { ref: difference.partnerReferenceId, terminal, status: difference.callback };
      break;
    case 'purchase-refund-missing':
      vars = {
        ref: difference.partnerReferenceId,
        terminal,
        payment: difference.partnerReferenceNo,
        amount: formatRupiah(difference.sellingMinor, language),
        refund:
          difference.refundState === null
            ? t('bo.diff.noRefund')
            : t(`refundState.${difference.refundState}` as MessageKey),
      };
      break;
  }
  return (
    <li className={`difference diff-${difference.kind}`} data-kind={difference.kind}>
      {t(key, vars)}
    </li>
  );
}

function ReportView({ today }: { today: string }) {
  const { t } = useI18n();
  const [date, setDate] = useState(today);
  const [report, setReport] = useState<MerchantDayReport | null>(null);
  const { failure, report: fail, clear } = useFailure();

  const load = useCallback(() => {
    clear();
    get(`${BACKOFFICE_API.report}?date=${date}`, MerchantDayReportSchema).then(setReport, fail);
  }, [date, fail, clear]);
  useEffect(load, [load]);

  const names = new Map([
    ...(report?.ppob.terminals ?? []).map(
      (term) => [term.terminalId, `${term.shop} / ${term.label}`] as const,
    ),
    ...(report?.shops ?? []).flatMap((shop) =>
      shop.terminals.map((term) => [term.terminalId, `${shop.shop} / ${term.label}`] as const),
    ),
  ]);
  return (
    <section aria-labelledby="bo-report">
      <h2 id="bo-report">{t('bo.tab.report')}</h2>
      <div className="bo-toolbar">
        <DateField value={date} onChange={setDate} />
        <button type="button" onClick={load}>
          {t('bo.refresh')}
        </button>
        <button
          type="button"
          onClick={() =>
            void download(`${BACKOFFICE_API.reportCsv}?date=${date}`, `kasir-merchant-${date}.csv`).catch(
              fail,
            )
          }
        >
          {t('bo.csv')}
        </button>
      </div>
      <Failure text={failure} />
      {report && (
        <>
          <div className="bo-totals" data-testid="totals">
            <Total label={t('bo.paid')} minor={report.paid.totalMinor} count={report.paid.count} />
            <Total
              label={t('bo.refunded')}
              minor={report.refunded.totalMinor}
              count={report.refunded.count}
            />
            <Total label={t('bo.net')} minor={report.netMinor} testId="net" />
          </div>
          {report.shops.length === 0 ? (
            <p className="hint">{t('bo.noSales')}</p>
          ) : (
            <table className="bo-table" data-testid="shops">
              <TableHead
                columns={[
                  'bo.shop',
                  'bo.terminal',
                  'bo.paid',
                  'bo.refunded',
                  'bo.net',
                  'bo.failed',
                  'bo.open',
                ]}
              />
              <tbody>
                {report.shops.flatMap((shop) =>
                  shop.terminals.map((term) => {
                    const p = term.payments;
                    const failed = p.FAILED.count + p.CANCELLED.count + p.MANUAL_NOT_PAID.count;
                    const open =
                      p.SENDING.count +
                      p.UNKNOWN.count +
                      p.QUERYING.count +
                      p.CANCELLING.count +
                      p.CANCEL_UNKNOWN.count;
                    return (
                      <tr key={term.terminalId}>
                        <td>{shop.shop}</td>
                        <td>
                          <TerminalName label={term.label} code={term.terminalCode} />
                        </td>
                        <td>
                          <Money minor={term.paid.totalMinor} /> <small>×{term.paid.count}</small>
                        </td>
                        <td>
                          <Money minor={term.refunded.totalMinor} />
                        </td>
                        <td>
                          <Money minor={term.netMinor} />
                        </td>
                        <td>{failed}</td>
                        <td className={open > 0 ? 'warn' : undefined}>{open}</td>
                      </tr>
                    );
                  }),
                )}
              </tbody>
            </table>
          )}
          <PpobReportSection ppob={report.ppob} />
          <h3>{t('bo.differences')}</h3>
          {report.differences.length === 0 ? (
            <p className="hint">{t('bo.noDifferences')}</p>
          ) : (
            <ul className="bo-differences" data-testid="differences">
              {report.differences.map((difference, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: differences have no identity of their own
                <DifferenceLine key={i} difference={difference} names={names} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function PaymentsView({ today }: { today: string }) {
  const { t, language } = useI18n();
  const dateTime = useDateTime();
  const [date, setDate] = useState(today);
  const [state, setState] = useState('');
  const { items, more, failure } = usePages(BACKOFFICE_API.payments, { date, state }, PaymentsPageSchema);

  return (
    <section aria-labelledby="bo-payments">
      <h2 id="bo-payments">{t('bo.tab.payments')}</h2>
      <div className="bo-toolbar">
        <DateField value={date} onChange={setDate} />
        <Choice
          label="bo.state"
          all="bo.allStates"
          value={state}
          onChange={setState}
          options={PAYMENT_STATE_NAMES.map((name) => ({
            value: name,
            label: t(`state.${name}` as MessageKey),
          }))}
        />
      </div>
      <Failure text={failure.failure} />
      <table className="bo-table" data-testid="payments">
        <TableHead
          columns={[
            'bo.time',
            'bo.shop',
            'bo.terminal',
            'bo.reference',
            'bo.amount',
            'bo.refunded',
            'bo.state',
          ]}
        />
        <tbody>
          {items.map((p) => (
            <tr key={`${p.terminalId}|${p.partnerReferenceNo}`} data-state={p.state}>
              <td>{dateTime(p.createdAt)}</td>
              <td>{p.shop}</td>
              <td>{p.label}</td>
              <td className="mono">{p.partnerReferenceNo}</td>
              <td>{formatRupiah(p.amountMinor, language)}</td>
              <td>{p.refundedMinor === '0' ? '' : formatRupiah(p.refundedMinor, language)}</td>
              <td>{t(`state.${p.state}` as MessageKey)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <MoreButton more={more} />
    </section>
  );
}

function HintsView() {
  const { t } = useI18n();
  const dateTime = useDateTime();
  const [hints, setHints] = useState<HintView[]>([]);
  const { failure, report: fail } = useFailure();
  useEffect(() => {
    get(BACKOFFICE_API.hints, HintListSchema).then((list) => setHints(list.hints), fail);
  }, [fail]);
  return (
    <section aria-labelledby="bo-hints">
      <h2 id="bo-hints">{t('bo.tab.hints')}</h2>
      <Failure text={failure} />
      <table className="bo-table" data-testid="hints">
        <TableHead columns={['bo.time', 'bo.source', 'bo.state', 'bo.refs', 'bo.deliveredTo']} />
        <tbody>
          {hints.map((hint) => (
            <tr key={hint.id} className={hint.deliveredTo.length === 0 ? 'unmatched' : undefined}>
              <td>{dateTime(hint.receivedAt)}</td>
              <td>
                {hint.source}
                {hint.repeats > 0 && <small> {t('bo.repeats', { n: hint.repeats })}</small>}
              </td>
              <td>{hint.status ?? ''}</td>
              <td className="mono">{hint.refs.join(' · ')}</td>
              <td>
                {hint.deliveredTo.length === 0 ? (
                  <strong>{t('bo.unmatched')}</strong>
                ) : (
                  hint.deliveredTo.join(', ')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function TerminalsView() {
  const { t } = useI18n();
  const dateTime = useDateTime();
  const [terminals, setTerminals] = useState<TerminalView[]>([]);
  const [shop, setShop] = useState('');
  const [label, setLabel] = useState('');
  const [code, setCode] = useState<EnrolmentCode | null>(null);
  const { failure, report: fail, clear } = useFailure();
  const load = useCallback(() => {
    get(BACKOFFICE_API.terminals, TerminalListSchema).then((list) => setTerminals(list.terminals), fail);
  }, [fail]);
  useEffect(load, [load]);

  async function enrol(event: FormEvent) {
    event.preventDefault();
    clear();
    try {
      setCode(await post(BACKOFFICE_API.enrolmentCodes, { shop, label }, EnrolmentCodeSchema));
    } catch (error) {
      fail(error);
    }
  }

  async function revoke(id: string) {
    clear();
    try {
      await post(revokePath(id), {}, TerminalListSchema.partial().loose());
      load();
    } catch (error) {
      fail(error);
    }
  }

  return (
    <section aria-labelledby="bo-terminals">
      <h2 id="bo-terminals">{t('bo.tab.terminals')}</h2>
      <form className="bo-toolbar" onSubmit={(event) => void enrol(event)}>
        <label>
          {t('bo.shop')}{' '}
          <input name="shop" value={shop} onChange={(event) => setShop(event.target.value)} required />
        </label>
        <label>
          {t('bo.label')}{' '}
          <input name="label" value={label} onChange={(event) => setLabel(event.target.value)} required />
        </label>
        <button type="submit">{t('bo.enrol')}</button>
      </form>
      {code && (
        <div className="bo-code" role="status">
          <p>{t('bo.code', { time: dateTime(code.expiresAt) })}</p>
          <strong data-testid="enrolment-code">{code.code}</strong>
          <p className="hint">{t('bo.codeHelp')}</p>
        </div>
      )}
      <Failure text={failure} />
      <table className="bo-table" data-testid="terminals">
        <thead>
          <tr>
            <th>{t('bo.shop')}</th>
            <th>{t('bo.terminal')}</th>
            <th>{t('bo.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {terminals.map((term) => (
            <tr key={term.id} className={term.revokedAt !== null ? 'revoked' : undefined}>
              <td>{term.shop}</td>
              <td>
                {term.label} <small>({term.terminalCode})</small>{' '}
                {term.sandbox && <small className="tag">{t('bo.sandbox')}</small>}
              </td>
              <td>
                {term.revokedAt !== null
                  ? t('bo.revoked')
                  : term.connected
                    ? t('bo.connected')
                    : t('bo.lastSeen', {
                        time: term.lastSeenAt === null ? t('bo.never') : dateTime(term.lastSeenAt),
                      })}
              </td>
              <td>
                {term.revokedAt === null && (
                  <button type="button" onClick={() => void revoke(term.id)}>
                    {t('bo.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
