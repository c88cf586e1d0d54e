// The cashier's main screen: type the amount, scan the customer's QR, watch the engine work, hand
// over the goods only on a green PAID. Keyboard first: every action has a key, shown on screen and
// clickable; the on-screen keypad serves touch counters.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import type { CustomerDisplayState } from '../../../preload/contract/customer';
import type { CustomerQr } from '../../../preload/contract/payments';
import type { DepositView } from '../../../preload/contract/ppob';
import type { LocalizedText } from '../../../preload/contract/result';
import { useAppInfo } from '../app-info';
import { play } from '../audio/beep';
import { Amount } from '../components/Amount';
import { CameraScanner } from '../components/CameraScanner';
import { CancelPaymentDialog } from '../components/CancelPaymentDialog';
import { DepositNotices } from '../components/DepositNotices';
import { dialogOpen } from '../components/Modal';
import { Notice, type NoticeTone } from '../components/Notice';
import { Numpad } from '../components/Numpad';
import { ShortcutBar } from '../components/ShortcutBar';
import { StatusPanel } from '../components/StatusPanel';
import { walletText } from '../format';
import { type ScanDelivery, useScanInput } from '../hooks/scan-bus';
import { useKasirEvent } from '../hooks/useKasirEvent';
import { useShortcuts } from '../hooks/useShortcuts';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';
import { kasir } from '../kasir';
import { CustomerDisplay } from './CustomerDisplay';
import {
  acceptsInput,
  amountMinor,
  type CheckoutAction,
  type CheckoutState,
  checkoutReducer,
  hasAmount,
  initialCheckout,
  isSettled,
} from './checkout-model';

const UNEXPECTED: IpcError = {
  code: 'INTERNAL',
  message: {
    id: 'Aplikasi tidak menjawab. Coba lagi; jika berulang, tutup dan buka kembali aplikasi.',
    en: 'The app did not answer. Try again; if it repeats, close and reopen the app.',
  },
};

const NOTICES: Readonly<Record<NonNullable<CheckoutState['notice']>, MessageKey>> = {
  amountFirst: 'checkout.amountFirst',
  busy: 'checkout.busy',
  dialogOpen: 'checkout.dialogOpen',
};

type ReceiptNote = { tone: NoticeTone; key: MessageKey } | { tone: NoticeTone; text: LocalizedText };

export function CheckoutScreen({
  customerDisplay,
  active = true,
  takesScans = true,
}: {
  /** The sandbox's customer panel (amount, a generated customer QR, the result). */
  customerDisplay: boolean;
  active?: boolean;
  /** False while another screen (Produk digital) takes the scans for its own sale. */
  takesScans?: boolean;
}) {
  const { t, language } = useI18n();
  const { customerScreen } = useAppInfo();
  const [state, dispatch] = useReducer(checkoutReducer, initialCheckout);
  const stateRef = useRef(state);
  stateRef.current = state;
  const [dialog, setDialog] = useState<'cancel' | 'camera' | null>(null);
  const [receiptNote, setReceiptNote] = useState<ReceiptNote | null>(null);
  const [qr, setQr] = useState<CustomerQr | null>(null);
  const [qrError, setQrError] = useState<LocalizedText | null>(null);
  const [qrLoading, setQrLoading] = useState(false);
  const announced = useRef<string | null>(null);
  const [deposits, setDeposits] = useState<DepositView[]>([]);

  // A low PPOB deposit is said here too: the owner tops it up before digital sales start failing.
  useEffect(() => {
    if (!active) return;
    void kasir()
      .invoke('ppob:deposits')
      .then((result) => setDeposits(result.ok ? result.value : []))
      .catch(() => undefined);
  }, [active]);

  // A payment left unfinished (a restart mid-payment) is shown before anything else can happen.
  useEffect(() => {
    void kasir()
      .invoke('payment:active')
      .then((result) => {
        if (result.ok && result.value) dispatch({ type: 'resume', payment: result.value });
      });
  }, []);

  useKasirEvent('payment:changed', (payment) => dispatch({ type: 'paymentUpdated', payment }));

  // One sound per outcome of each payment.
  const payment = state.payment;
  useEffect(() => {
    if (!payment || payment.outcome === 'unresolved') return;
    const key = `${payment.id}:${payment.outcome}`;
    if (announced.current === key) return;
    announced.current = key;
    play(payment.outcome === 'paid' ? 'success' : 'failure');
  }, [payment]);

  // A QR that paid (or was tried) is spent: the customer display forgets it.
  useEffect(() => {
    if (payment) setQr(null);
  }, [payment]);

  // The customer's screen (a second monitor) shows what the panel here would.
  const shownToCustomer: CustomerDisplayState = {
    amountMinor: amountMinor(state),
    payment,
    qr,
    qrError,
    demo: customerDisplay,
  };
  const customerKey = JSON.stringify(shownToCustomer);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the state, serialised
  useEffect(() => {
    void kasir()
      .invoke('customer:show', shownToCustomer)
      .catch(() => undefined);
  }, [customerKey]);

  const startNew = (action: CheckoutAction) => {
    dispatch(action);
    setReceiptNote(null);
  };

  const handleScan = useCallback(async (scan: ScanDelivery) => {
    // A dialog holds a reason and a PIN being typed: a scan now must not start a sale behind it. (The
    // camera's own dialog hands its scan over as it closes.)
    if (scan.source !== 'camera' && dialogOpen()) {
      dispatch({ type: 'scanWhileDialog' });
      play('error');
      return;
    }
    const before = stateRef.current;
    dispatch({ type: 'scanArrived' });
    if (!(acceptsInput(before) && before.phase === 'amount' && hasAmount(before))) {
      play('error');
      return;
    }
    const amount = amountMinor(before);
    try {
      const checked = await kasir().invoke('scan:check', { text: scan.text, source: scan.source });
      if (!checked.ok) {
        dispatch({ type: 'scanRejected', error: checked.error });
        play('error');
        return;
      }
      dispatch({ type: 'scanChecked', scan: checked.value });
      const started = await kasir().invoke('payment:start', {
        scanId: checked.value.scanId,
        amountMinor: amount,
      });
      if (!started.ok) {
        dispatch({ type: 'startRefused', error: started.error });
        play('error');
        return;
      }
      dispatch({ type: 'paymentStarted', payment: started.value });
    } catch {
      dispatch({ type: 'startRefused', error: UNEXPECTED });
    }
  }, []);

  /** A key from the keyboard or the on-screen keypad. */
  const pressKey = (key: string) => {
    if (/^\d$/.test(key) || key === '000') startNew({ type: 'digit', digit: key });
    else if (key === 'Backspace') dispatch({ type: 'backspace' });
    else if (key === 'Escape' || key === 'Delete' || key === 'Clear') {
      startNew({ type: isSettled(stateRef.current) ? 'newSale' : 'clear' });
    } else if (key === 'Enter' && isSettled(stateRef.current)) startNew({ type: 'newSale' });
  };

  useScanInput({
    onScan: (scan) => {
      if (takesScans) void handleScan(scan);
    },
    onKey: (key) => {
      if (active) pressKey(key);
    },
  });

  const refreshQr = useCallback(async () => {
    if (!customerDisplay || stateRef.current.payment) return;
    setQrLoading(true);
    setQrError(null);
    try {
      const result = await kasir().invoke('customer-qr:generate');
      if (result.ok) setQr(result.value);
      else setQrError(result.error.message);
    } finally {
      setQrLoading(false);
    }
  }, [customerDisplay]);

  const printReceipt = useCallback(async () => {
    const current = stateRef.current.payment;
    if (current?.outcome !== 'paid') return;
    const result = await kasir().invoke('receipt:print', { paymentId: current.id });
    if (!result.ok) setReceiptNote({ tone: 'bad', text: result.error.message });
    else if (!result.value.printed) setReceiptNote({ tone: 'info', key: 'receipt.notPrinted' });
    else setReceiptNote({ tone: 'ok', key: result.value.copy ? 'receipt.printedCopy' : 'receipt.printed' });
  }, []);

  const unresolved = payment !== null && payment.outcome === 'unresolved';
  const settled = isSettled(state);
  const paid = payment !== null && payment.outcome === 'paid';
  const busy = state.phase === 'checking' || state.phase === 'starting';
  const typing = acceptsInput(state);

  useShortcuts(
    {
      F5: busy || unresolved ? undefined : () => setDialog('camera'),
      F6: customerDisplay ? () => void refreshQr() : undefined,
      F8: unresolved ? () => setDialog('cancel') : undefined,
      F9: paid ? () => void printReceipt() : undefined,
    },
    active && dialog === null,
  );

  const cancelPayment = async (pin: string, reason: string): Promise<IpcError | null> => {
    if (!payment) return null;
    const result = await kasir().invoke('payment:cancel', { paymentId: payment.id, pin, reason });
    if (!result.ok) return result.error;
    dispatch({ type: 'paymentUpdated', payment: result.value });
    setDialog(null);
    return null;
  };

  const shownAmount = payment ? payment.amountMinor : amountMinor(state);
  const whyNoPayment = t('shortcut.why.noPayment');
  const inlineDisplay = customerDisplay && !customerScreen;

  return (
    <div className={inlineDisplay ? 'checkout with-display' : 'checkout'}>
      <section className="checkout-main" aria-labelledby="checkout-title">
        <h2 id="checkout-title" className="visually-hidden">
          {t('nav.checkout')}
        </h2>
        <DepositNotices deposits={deposits} />
        <div className="amount-box" data-testid="amount">
          <span className="amount-label">{t('checkout.amount')}</span>
          <Amount
            minor={shownAmount}
            className={shownAmount === '0' ? 'amount-value empty' : 'amount-value'}
          />
        </div>

        <div className="checkout-body">
          <div className="checkout-state">
            {state.phase === 'amount' && !payment && (
              <div className={hasAmount(state) ? 'prompt ready' : 'prompt'} data-testid="prompt">
                <strong>{hasAmount(state) ? t('checkout.scanNow') : t('checkout.typeAmount')}</strong>
                <span>{hasAmount(state) ? t('checkout.scanHint') : t('checkout.typeHint')}</span>
              </div>
            )}

            {busy && (
              <div className="prompt working" role="status" data-testid="prompt">
                <span className="spinner" aria-hidden="true" />
                <strong>
                  {state.phase === 'checking' ? t('checkout.checkingScan') : t('status.sending')}
                </strong>
                {state.scan && <span>{walletText(state.scan.wallet)}</span>}
              </div>
            )}

            {state.notice && <Notice tone="info">{t(NOTICES[state.notice])}</Notice>}

            {state.error && (
              <div className="scan-error" role="alert" data-code={state.error.code}>
                <strong>{t('checkout.scanRefused')}</strong>
                <p>{state.error.message[language]}</p>
              </div>
            )}

            {payment && <StatusPanel payment={payment} big />}

            {payment && unresolved && <p className="next-step">{t('checkout.unresolvedHelp')}</p>}
            {settled && <p className="next-step">{t('checkout.nextSale')}</p>}
            {receiptNote && (
              <Notice tone={receiptNote.tone} testId="receipt-note">
                {'key' in receiptNote ? t(receiptNote.key) : receiptNote.text[language]}
              </Notice>
            )}
          </div>

          <Numpad
            enabled={typing}
            onKey={pressKey}
            onAmount={(digits) => startNew({ type: 'setAmount', digits })}
          />
        </div>
      </section>

      {inlineDisplay && (
        <CustomerDisplay state={shownToCustomer} loading={qrLoading} onRefresh={() => void refreshQr()} />
      )}

      <ShortcutBar
        label={t('shortcuts.title')}
        shortcuts={[
          {
            key: '⌫',
            label: t('shortcut.backspace'),
            enabled: state.phase === 'amount' && state.digits !== '',
            onPress: () => dispatch({ type: 'backspace' }),
            why: t('shortcut.why.nothingTyped'),
          },
          {
            key: 'Esc',
            label: settled ? t('shortcut.newSale') : t('shortcut.clear'),
            enabled: state.phase === 'amount' || settled,
            onPress: () => pressKey('Escape'),
            why: t('shortcut.why.paymentRunning'),
          },
          {
            key: 'F5',
            label: t('shortcut.camera'),
            enabled: !busy && !unresolved,
            onPress: () => setDialog('camera'),
            why: t('shortcut.why.paymentRunning'),
          },
          ...(customerDisplay
            ? [
                {
                  key: 'F6',
                  label: t('shortcut.customerQr'),
                  enabled: !payment,
                  onPress: () => void refreshQr(),
                  why: t('shortcut.why.qrSpent'),
                },
              ]
            : []),
          {
            key: 'F8',
            label: t('shortcut.cancel'),
            enabled: unresolved,
            onPress: () => setDialog('cancel'),
            why: t('shortcut.why.nothingToCancel'),
          },
          {
            key: 'F9',
            label: t('shortcut.receipt'),
            enabled: paid,
            onPress: () => void printReceipt(),
            why: paid ? undefined : whyNoPayment,
          },
        ]}
      />

      {dialog === 'cancel' && payment && (
        <CancelPaymentDialog
          payment={payment}
          onClose={() => setDialog(null)}
          onSubmit={({ pin, reason }) => cancelPayment(pin, reason)}
        />
      )}
      {dialog === 'camera' && (
        <CameraScanner
          onClose={() => setDialog(null)}
          onScan={(text) => {
            setDialog(null);
            void handleScan({ text, source: 'camera' });
          }}
        />
      )}
    </div>
  );
}
