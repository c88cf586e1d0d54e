// Pieces the QR CPM services share: amounts at the wire edge, the merchant check, and announcing a
// final state by notify (79).

import type { Minor } from '../../money/amount';
import { formatSnapAmount, parseSnapAmount } from '../../money/amount';
import type { SandboxCore } from '../core';
import { fail } from '../failures';
import type { NotifyEvent, NotifyRecord, Transaction } from '../ledger';
import { latestStatusOf, refundedOf, STATUS_DESCRIPTION } from '../ledger';
import type { Partner } from '../partners';

export const CURRENCY = 'IDR';

/** An amount object already shape-checked by the schema; the sandbox only deals in rupiah. */
export function amountOf(amount: { value: string; currency: string }, field: string): Minor {
  if (amount.currency !== CURRENCY) throw fail.invalidFormat(`${field}.currency`);
  return parseSnapAmount(amount.value);
}

export function wireAmount(minor: Minor): { value: string; currency: string } {
  return { value: formatSnapAmount(minor), currency: CURRENCY };
}

/** A partner configured with a merchantId may only act for that merchant. */
export function checkMerchant(partner: Partner, merchantId: string | undefined): void {
  const own = partner.config.merchantId;
  if (merchantId !== undefined && own !== undefined && merchantId !== own) throw fail.invalidMerchant();
}

/**
 * Records and sends the notify for a state that just became final. The body is built now, so what
 * it says is what query and the ledger say at this moment.
 */
export function announce(
  core: SandboxCore,
  partner: Partner,
  transaction: Transaction,
  event: NotifyEvent,
  extra: Record<string, unknown> = {},
): void {
  const status = latestStatusOf(transaction);
  const record: NotifyRecord = {
    event,
    externalId: core.notifier.nextExternalId(),
    latestTransactionStatus: status,
    delivery: 'sending',
    attempts: 0,
  };
  transaction.notifications.push(record);
  if (event === 'payment' && transaction.fault === 'notifyLost') {
    record.delivery = 'lost';
    return;
  }
  const customer = core.customers.find((c) => c.id === transaction.customerId);
  const refunded = refundedOf(transaction);
  const body: Record<string, unknown> = {
    originalPartnerReferenceNo: transaction.partnerReferenceNo,
    originalReferenceNo: transaction.referenceNo,
    merchantId: transaction.merchantId,
    ...(transaction.subMerchantId === undefined ? {} : { subMerchantId: transaction.subMerchantId }),
    amount: wireAmount(transaction.amount),
    latestTransactionStatus: status,
    transactionStatusDesc: STATUS_DESCRIPTION[status],
    ...(customer === undefined ? {} : { customerNumber: customer.phone }),
    additionalInfo: {
      event,
      ...(refunded > 0n ? { refundedAmount: wireAmount(refunded) } : {}),
      ...extra,
    },
  };
  core.notifier.send(partner.config, body, record);
}
