// The fault table: each scripted amount produces the answer it documents, and query always tells
// the truth afterwards, so a terminal can resolve every unknown outcome.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_TABLE, REFUND_FAULT_TABLE } from '../../../main/sandbox/faults';
import type { NotifyReceiver } from './notify-receiver';
import { startNotifyReceiver } from './notify-receiver';
import type { TestRig } from './support';
import { nextPartnerReference, startRig } from './support';

let rig: TestRig;
let receiver: NotifyReceiver;
beforeEach(async () => {
  receiver = await startNotifyReceiver();
  rig = await startRig({
    notifyUrl: receiver.url,
    faultScript: { lateAnswerMs: 400, pendingQueries: 2 },
    clientTimeoutMs: 150,
    notifyRetryDelaysMs: [10, 10],
  });
});
afterEach(async () => {
  await rig.close();
  await receiver.close();
});

async function pay(amount: string, partnerReferenceNo = nextPartnerReference()) {
  const outcome = await rig.client.pay({
    partnerReferenceNo,
    qrContent: rig.sandbox.issueQr().qrContent,
    amount: { value: amount, currency: 'IDR' },
    merchantId: '00007100010926',
    expiryTime: '60',
  });
  return { outcome, partnerReferenceNo };
}

async function statusOf(partnerReferenceNo: string): Promise<string | undefined> {
  const outcome = await rig.client.query({ originalPartnerReferenceNo: partnerReferenceNo });
  if (outcome.kind !== 'answer') throw new Error(`query did not answer: ${outcome.detail}`);
  return outcome.body.latestTransactionStatus;
}

function budi(): bigint {
  return rig.sandbox.ledger().customers.find((c) => c.id === 'budi')?.balance ?? -1n;
}

it('documents a distinct amount for every payment, cancel and refund fault', () => {
  const amounts = [...FAULT_TABLE, ...REFUND_FAULT_TABLE].map((row) => row.amount);
  expect(new Set(amounts).size).toBe(amounts.length);
  expect(new Set(FAULT_TABLE.map((row) => row.fault)).size).toBe(FAULT_TABLE.length);
  expect(FAULT_TABLE.length + REFUND_FAULT_TABLE.length).toBe(23);
});

it('succeeds for an amount outside the table', async () => {
  const { outcome } = await pay('10040.00');
  expect(outcome.kind === 'answer' && outcome.responseCode).toBe('2006000');
});

describe('10001.00 declined', () => {
  it('answers 4036005 Do Not Honor, charges nothing, and query says 06', async () => {
    const before = budi();
    const { outcome, partnerReferenceNo } = await pay('10001.00');
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4036005');
    expect(budi()).toBe(before);
    expect(await statusOf(partnerReferenceNo)).toBe('06');
  });
});

describe('10002.00 in progress, then success', () => {
  it('answers 202, says 03 to the first two queries and 00 to the third', async () => {
    const before = budi();
    const { outcome, partnerReferenceNo } = await pay('10002.00');
    expect(outcome.kind === 'unknown' && outcome.reason).toBe('in-progress');
    expect(outcome.httpStatus).toBe(202);
    expect(await statusOf(partnerReferenceNo)).toBe('03');
    expect(await statusOf(partnerReferenceNo)).toBe('03');
    expect(await statusOf(partnerReferenceNo)).toBe('00');
    expect(await statusOf(partnerReferenceNo)).toBe('00');
    expect(budi()).toBe(before - 1_000_200n);
  });

  it('can be cancelled while in progress; later queries say 05 and the money is back', async () => {
    const before = budi();
    const { partnerReferenceNo } = await pay('10002.00');
    const cancel = await rig.client.cancel({ originalPartnerReferenceNo: partnerReferenceNo });
    expect(cancel.kind === 'answer' && cancel.responseCode).toBe('2006200');
    expect(await statusOf(partnerReferenceNo)).toBe('05');
    expect(await statusOf(partnerReferenceNo)).toBe('05');
    expect(await statusOf(partnerReferenceNo)).toBe('05');
    expect(budi()).toBe(before);
  });
});

describe('10003.00 in progress, then failed', () => {
  it('answers 202, says 03 twice, then 06, and gives the held money back', async () => {
    const before = budi();
    const { outcome, partnerReferenceNo } = await pay('10003.00');
    expect(outcome.kind === 'unknown' && outcome.httpStatus).toBe(202);
    expect(budi()).toBe(before - 1_000_300n);
    expect(await statusOf(partnerReferenceNo)).toBe('03');
    expect(await statusOf(partnerReferenceNo)).toBe('03');
    expect(await statusOf(partnerReferenceNo)).toBe('06');
    expect(budi()).toBe(before);
  });
});

describe('10004.00 answered after the client’s timeout', () => {
  it('leaves the client timed out while the payment is charged', async () => {
    const before = budi();
    const { outcome, partnerReferenceNo } = await pay('10004.00');
    expect(outcome.kind === 'unknown' && outcome.reason).toBe('timeout');
    expect(await statusOf(partnerReferenceNo)).toBe('00');
    expect(budi()).toBe(before - 1_000_400n);
  });

  it('delivers the late 200 to a client that waits long enough', async () => {
    const outcome = await rig.client.pay(
      {
        partnerReferenceNo: nextPartnerReference(),
        qrContent: rig.sandbox.issueQr().qrContent,
        amount: { value: '10004.00', currency: 'IDR' },
        merchantId: '00007100010926',
        expiryTime: '60',
      },
      { timeoutMs: 5_000 },
    );
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('2006000');
  });

  it('keeps serving after writing its late answer to a connection the client abandoned', async () => {
    await pay('10004.00');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { outcome } = await pay('1000.00');
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('2006000');
  });
});

describe('10005.00 charged, then HTTP 500', () => {
  it('answers 5006001 although the payment went through', async () => {
    const { outcome, partnerReferenceNo } = await pay('10005.00');
    expect(outcome.kind === 'unknown' && outcome.responseCode).toBe('5006001');
    expect(await statusOf(partnerReferenceNo)).toBe('00');
  });
});

describe('10006.00 charged, then the connection drops', () => {
  it('gives the client a network error although the payment went through', async () => {
    const { outcome, partnerReferenceNo } = await pay('10006.00');
    expect(outcome.kind === 'unknown' && outcome.reason).toBe('network');
    expect(await statusOf(partnerReferenceNo)).toBe('00');
  });
});

describe('10007.00 charged, then a malformed body', () => {
  it('answers 200 with truncated JSON although the payment went through', async () => {
    const { outcome, partnerReferenceNo } = await pay('10007.00');
    expect(outcome.kind === 'unknown' && outcome.reason).toBe('malformed');
    expect(outcome.httpStatus).toBe(200);
    expect(await statusOf(partnerReferenceNo)).toBe('00');
  });
});

describe('10008.00 504 without charging', () => {
  it('answers 5046000, charges nothing, and query says 06', async () => {
    const before = budi();
    const { outcome, partnerReferenceNo } = await pay('10008.00');
    expect(outcome.kind === 'unknown' && outcome.responseCode).toBe('5046000');
    expect(budi()).toBe(before);
    expect(await statusOf(partnerReferenceNo)).toBe('06');
  });
});

describe('10009.00 success, notify lost', () => {
  it('answers 2006000 and sends no notify', async () => {
    const { outcome, partnerReferenceNo } = await pay('10009.00');
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('2006000');
    await rig.sandbox.notifyIdle();
    expect(receiver.received).toHaveLength(0);
    const transaction = rig.sandbox
      .ledger()
      .transactions.find((t) => t.partnerReferenceNo === partnerReferenceNo);
    expect(transaction?.notifications.map((n) => n.delivery)).toEqual(['lost']);
  });
});

describe('10010.00 charged, answer names another payment', () => {
  it('answers 2006000 with a partnerReferenceNo the client did not send', async () => {
    const { outcome, partnerReferenceNo } = await pay('10010.00');
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('2006000');
    if (outcome.kind !== 'answer') return;
    expect(outcome.body.partnerReferenceNo).not.toBe(partnerReferenceNo);
    expect(await statusOf(partnerReferenceNo)).toBe('00');
  });
});

describe('10011.00 and 10012.00 refused once as not processed', () => {
  it.each([
    ['10011.00', '4096000'],
    ['10012.00', '4296000'],
  ])(
    '%s answers %s to the first send, charging nothing, and charges the same reference re-sent',
    async (amount, code) => {
      const before = budi();
      const partnerReferenceNo = nextPartnerReference();
      const qrContent = rig.sandbox.issueQr().qrContent;
      const request = {
        partnerReferenceNo,
        qrContent,
        amount: { value: amount, currency: 'IDR' },
        merchantId: '00007100010926',
        expiryTime: '60',
      };
      const first = await rig.client.pay(request);
      expect(first.kind === 'answer' && first.responseCode).toBe(code);
      expect(budi()).toBe(before);
      const again = await rig.client.pay(request);
      expect(again.kind === 'answer' && again.responseCode).toBe('2006000');
      expect(await statusOf(partnerReferenceNo)).toBe('00');
    },
  );
});

describe('10013.00 and 10014.00 answers naming another amount', () => {
  it('10013.00 is charged and answers 2006000 for another amount', async () => {
    const { outcome, partnerReferenceNo } = await pay('10013.00');
    expect(outcome.kind === 'answer' && outcome.body.amount).toEqual({ value: '10014.00', currency: 'IDR' });
    expect(await statusOf(partnerReferenceNo)).toBe('00');
  });

  it('10014.00 charges nothing although it answers 2006000 for another amount', async () => {
    const before = budi();
    const { outcome, partnerReferenceNo } = await pay('10014.00');
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('2006000');
    expect(budi()).toBe(before);
    expect(await statusOf(partnerReferenceNo)).toBe('06');
  });
});

describe('10015.00 success without a referenceNo', () => {
  it('is charged, and the answer breaks the schema (referenceNo is mandatory on success)', async () => {
    const { outcome, partnerReferenceNo } = await pay('10015.00');
    expect(outcome.kind === 'unknown' && outcome.reason).toBe('malformed');
    expect(await statusOf(partnerReferenceNo)).toBe('00');
  });
});

describe('10016.00 token expired mid-flow', () => {
  it('answers 401xx01 once; the client refreshes its token, re-sends and is charged', async () => {
    const { outcome, partnerReferenceNo } = await pay('10016.00');
    expect(outcome).toMatchObject({ kind: 'answer', responseCode: '2006000', attempts: 2 });
    expect(await statusOf(partnerReferenceNo)).toBe('00');
  });
});

describe('cancel faults, chosen by the payment’s amount', () => {
  it.each([
    ['10031.00', 'unknown'],
    ['10032.00', 'unknown'],
  ])('%s: the cancel reverses the payment but its answer is lost', async (amount, kind) => {
    const before = budi();
    const { partnerReferenceNo } = await pay(amount);
    const cancel = await rig.client.cancel({ originalPartnerReferenceNo: partnerReferenceNo });
    expect(cancel.kind).toBe(kind);
    expect(await statusOf(partnerReferenceNo)).toBe('05');
    expect(budi()).toBe(before);
    const again = await rig.client.cancel({ originalPartnerReferenceNo: partnerReferenceNo });
    expect(again.kind === 'answer' && again.responseCode).toBe('2006200');
  });

  it('10033.00: a late success lands after the first cancel is accepted; the second cancel reverses it', async () => {
    const before = budi();
    const { outcome, partnerReferenceNo } = await pay('10033.00');
    expect(outcome.kind === 'unknown' && outcome.httpStatus).toBe(202);
    expect(await statusOf(partnerReferenceNo)).toBe('03');
    const first = await rig.client.cancel({ originalPartnerReferenceNo: partnerReferenceNo });
    expect(first.kind === 'answer' && first.responseCode).toBe('2006200');
    expect(await statusOf(partnerReferenceNo)).toBe('00');
    const second = await rig.client.cancel({ originalPartnerReferenceNo: partnerReferenceNo });
    expect(second.kind === 'answer' && second.responseCode).toBe('2006200');
    expect(await statusOf(partnerReferenceNo)).toBe('05');
    expect(budi()).toBe(before);
  });
});

describe('refund faults, chosen by the refund’s amount', () => {
  it.each([
    ['10021.00', 'server-error'],
    ['10022.00', 'network'],
    ['10023.00', 'timeout'],
    ['10024.00', 'malformed'],
  ])(
    '%s refunds, then the answer is lost (%s); the same refund re-sent answers 2008000 once',
    async (amount, reason) => {
      const { partnerReferenceNo } = await pay('20000.00');
      const request = {
        originalPartnerReferenceNo: partnerReferenceNo,
        partnerRefundNo: `R-${partnerReferenceNo}`,
        refundAmount: { value: amount, currency: 'IDR' },
      };
      const lost = await rig.client.refund(request);
      expect(lost.kind === 'unknown' && lost.reason).toBe(reason);
      const again = await rig.client.refund(request);
      expect(again.kind === 'answer' && again.responseCode).toBe('2008000');
      const transaction = rig.sandbox
        .ledger()
        .transactions.find((t) => t.partnerReferenceNo === partnerReferenceNo);
      expect(transaction?.refunds).toHaveLength(1);
    },
  );
});

describe('a custom fault script', () => {
  it('overrides the table for the payments it picks', async () => {
    await rig.close();
    rig = await startRig({
      faultScript: {
        pick: ({ partnerReferenceNo }) => (partnerReferenceNo.endsWith('-DECLINE') ? 'declined' : undefined),
      },
    });
    const declined = await pay('500.00', `${nextPartnerReference()}-DECLINE`);
    const table = await pay('10001.00');
    const plain = await pay('500.00');
    expect(declined.outcome.kind === 'answer' && declined.outcome.responseCode).toBe('4036005');
    expect(table.outcome.kind === 'answer' && table.outcome.responseCode).toBe('4036005');
    expect(plain.outcome.kind === 'answer' && plain.outcome.responseCode).toBe('2006000');
  });
});
