import { useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import type { PaymentView, RefundResult } from '../../../preload/contract/payments';
import { Amount } from '../components/Amount';
import { SupervisorDialog } from '../components/SupervisorDialog';
import { formatRupiah, minorOf, parseRupiahInput } from '../format';
import { useI18n } from '../i18n';
import { kasir } from '../kasir';

/** The whole Rupiah of a minor amount, as the field shows it ("10000"). */
function wholeRupiah(minor: string): string {
  return (minorOf(minor) / 100n).toString();
}

/**
 * Full or partial refund: the remaining refundable amount is shown and is the default; more than it
 * cannot be sent. The supervisor's PIN and a reason are required; main checks both.
 */
export function RefundDialog({
  payment,
  onDone,
  onClose,
}: {
  payment: PaymentView;
  onDone: (result: RefundResult) => void;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  const remaining = payment.refundableMinor;
  const [text, setText] = useState(wholeRupiah(remaining));
  const amount = parseRupiahInput(text);
  const tooMuch = amount !== null && minorOf(amount) > minorOf(remaining);
  const valid = amount !== null && amount !== '0' && !tooMuch;
  const blocked =
    amount === null
      ? t('refund.badAmount')
      : amount === '0'
        ? t('refund.zero')
        : tooMuch
          ? t('refund.tooMuch', { remaining: formatRupiah(remaining, language) })
          : null;

  const submit = async (pin: string, reason: string): Promise<IpcError | null> => {
    if (!valid || amount === null) return null;
    const result = await kasir().invoke('payment:refund', {
      paymentId: payment.id,
      amountMinor: amount,
      pin,
      reason,
    });
    if (!result.ok) return result.error;
    onDone(result.value);
    return null;
  };

  return (
    <SupervisorDialog
      title={t('refund.title')}
      confirmLabel={t('refund.confirm')}
      blocked={blocked}
      onClose={onClose}
      onSubmit={({ pin, reason }) => submit(pin, reason)}
    >
      <dl className="facts">
        <dt>{t('refund.paid')}</dt>
        <dd>
          <Amount minor={payment.amountMinor} />
        </dd>
        <dt>{t('refund.already')}</dt>
        <dd>
          <Amount minor={payment.refundedMinor} />
        </dd>
        <dt>{t('refund.remaining')}</dt>
        <dd>
          <strong>
            <Amount minor={remaining} testId="refund-remaining" />
          </strong>
        </dd>
      </dl>
      <label className="field">
        <span>{t('refund.amount')}</span>
        <div className="field-row">
          <input
            name="amount"
            inputMode="numeric"
            autoComplete="off"
            aria-invalid={valid ? undefined : true}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <button type="button" className="button" onClick={() => setText(wholeRupiah(remaining))}>
            {t('refund.full')}
          </button>
        </div>
      </label>
      {valid && amount !== null && (
        <p className="hint" data-testid="refund-kind">
          {minorOf(amount) === minorOf(remaining)
            ? t('refund.isFull', { amount: formatRupiah(amount, language) })
            : t('refund.isPartial', { amount: formatRupiah(amount, language) })}
        </p>
      )}
    </SupervisorDialog>
  );
}
