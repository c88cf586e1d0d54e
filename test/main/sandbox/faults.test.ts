// The fault table: each scripted amount produces the answer it documents, and query always tells
// the truth afterwards, so a terminal can resolve every unknown outcome.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_TABLE } from '../../../main/sandbox/faults';
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

it('documents ten distinct fault amounts', () => {
  expect(new Set(FAULT_TABLE.map((row) => row.amount)).size).toBe(10);
  expect(new Set(FAULT_TABLE.map((row) => row.fault)).size).toBe(10);
});

it('succeeds for an amount outside the table', async () => {
  const { outcome } = await pay('10011.00');
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
