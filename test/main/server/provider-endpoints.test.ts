// What providers can do to the server: a SNAP notify is stored only when its signature verifies,
// within size and depth limits, once however often it is repeated, and kept even when no terminal
// has journaled its payment yet (shown as unmatched, then flagged in the day report); a Klikoo
// callback is kept as a hint and delivered like a notify to the terminal that named its reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import type { Database } from '../../../main/server/db/database';
import { UNJOURNALED_GRACE_MS } from '../../../main/server/ledger';
import type { LiveHint, SyncEntry } from '../../../main/sync/protocol';
import type { HintView, MerchantDayReport } from '../../../preload/contract/backoffice';
import type { SaleEntry } from '../../support/merchant-server';
import { enrolByHttp, postSignedNotify, saleEntry, uploadEntries } from '../../support/merchant-server';
import { sharedKeys } from '../payments/support';
import type { ServerRig } from './support';
import { Databases, DB_KINDS, startServer, startTerminal, until } from './support';

const NOTIFY_PATH = '/v1.0/qr/qr-cpm-notify';
const DAY = '2026-03-02';

describe.each(DB_KINDS)('provider endpoints on %s PostgreSQL', (kind) => {
  let databases: Databases;
  let database: Database;
  let rig: ServerRig;
  let sandbox: SandboxHandle;
  let clock = Date.parse(`${DAY}T03:00:00Z`);

  beforeAll(async () => {
    const { provider, demo } = await sharedKeys();
    databases = await Databases.start(kind);
    database = await databases.open();
    rig = await startServer(database, provider.publicKeyPem, { now: () => clock });
    sandbox = await startSandbox({ partners: [demo.partner], providerKeyPair: provider });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.close();
    await rig?.server.close();
    await databases?.stop();
  });

  async function post(body: unknown, options: { sign?: boolean; raw?: string } = {}) {
    const { provider } = await sharedKeys();
    const rawBody = options.raw ?? JSON.stringify(body, null, 1);
    return postSignedNotify(`${rig.server.baseUrl}${NOTIFY_PATH}`, rawBody, provider.privateKeyPem, {
      forge: options.sign === false,
    });
  }

  const notify = (reference: string, status = '00') => ({
    originalPartnerReferenceNo: reference,
    originalReferenceNo: `P-${reference}`,
    merchantId: '00007100010926',
    amount: { value: '25000.00', currency: 'IDR' },
    latestTransactionStatus: status,
    transactionStatusDesc: 'Success',
  });

  async function hintsNaming(reference: string): Promise<HintView[]> {
    const { hints } = (await rig.admin('/api/v1/admin/hints')).json as { hints: HintView[] };
    return hints.filter((h) => h.refs.includes(reference));
  }

  async function enrolRaw(terminalId: string): Promise<string> {
    return enrolByHttp(rig.server.baseUrl, await rig.code('Toko Uji', terminalId), terminalId, 'M');
  }

  async function sync(token: string, stream: string, entries: SyncEntry[]) {
    expect((await uploadEntries(rig.server.baseUrl, token, stream, entries)).status).toBe(200);
  }

  function paidEntry(seq: number, reference: string, state: SaleEntry['state'] = 'PAID'): SyncEntry {
    return saleEntry({
      seq,
      reference,
      terminalId: 'T',
      amountMinor: '2500000',
      state,
      businessDate: DAY,
      at: clock,
    });
  }

  it('answers a verified notify 2007900 and keeps it once, however often the provider repeats it', async () => {
    const first = await post(notify('REPEAT-1'));
    const again = await post(notify('REPEAT-1'));
    expect([first, again]).toEqual([
      { status: 200, json: { responseCode: '2007900', responseMessage: 'Successful' } },
      { status: 200, json: { responseCode: '2007900', responseMessage: 'Successful' } },
    ]);
    expect(await hintsNaming('REPEAT-1')).toEqual([expect.objectContaining({ repeats: 1, status: '00' })]);
  });

  it('refuses a notify whose signature does not verify, and keeps nothing of it', async () => {
    expect(await post(notify('FORGED-1'), { sign: false })).toMatchObject({
      status: 401,
      json: { responseCode: '4017900' },
    });
    expect(await hintsNaming('FORGED-1')).toEqual([]);
  });

  it('refuses a body too large or nested too deep before reading it as a notify', async () => {
    const big = JSON.stringify({ ...notify('BIG-1'), transactionStatusDesc: 'x'.repeat(70 * 1024) });
    expect((await post(undefined, { raw: big })).status).toBe(413);
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
    expect(await post(undefined, { raw: deep })).toMatchObject({
      status: 400,
      json: { responseCode: '4007901' },
    });
    expect(await hintsNaming('BIG-1')).toEqual([]);
  });

  it('keeps a notify no terminal journaled, shows it as unmatched, and flags it in the day report', async () => {
    expect((await post(notify('NOBODY-1'))).status).toBe(200);
    const unmatched = (await rig.admin('/api/v1/admin/hints?unmatched=1')).json as { hints: HintView[] };
    expect(unmatched.hints.map((h) => h.refs[0])).toContain('NOBODY-1');
    clock += UNJOURNALED_GRACE_MS + 1;
    const report = (await rig.admin(`/api/v1/admin/report?date=${DAY}`)).json as MerchantDayReport;
    expect(report.differences).toContainEqual(
      expect.objectContaining({ kind: 'notify-unjournaled', refs: ['NOBODY-1', 'P-NOBODY-1'], status: '00' }),
    );
  });

  it("flags a terminal's PAID that the provider notified as failed", async () => {
    const token = await enrolRaw('C01');
    await sync(token, 'journal', [paidEntry(1, 'CONTRA-1')]);
    await post(notify('CONTRA-1', '06'));
    const report = (await rig.admin(`/api/v1/admin/report?date=${DAY}`)).json as MerchantDayReport;
    expect(report.differences).toContainEqual(
      expect.objectContaining({
        kind: 'paid-but-notified-failed',
        partnerReferenceNo: 'CONTRA-1',
        state: 'PAID',
        notified: '06',
      }),
    );
    expect(
      report.differences.some((d) => d.kind === 'notify-unjournaled' && d.refs.includes('CONTRA-1')),
    ).toBe(false);
  });

  it('lists what is still unresolved, oldest first, with its age', async () => {
    const token = await enrolRaw('U01');
    await sync(token, 'journal', [paidEntry(1, 'OPEN-OLD', 'UNKNOWN')]);
    clock += 60_000;
    const report = (await rig.admin(`/api/v1/admin/report?date=${DAY}`)).json as MerchantDayReport;
    expect(report.differences).toContainEqual(
      expect.objectContaining({
        kind: 'unresolved',
        operation: 'payment',
        reference: 'OPEN-OLD',
        state: 'UNKNOWN',
        ageMs: 60_000,
      }),
    );
  });

  it('keeps a Klikoo callback as a hint and delivers it to the terminal whose purchase named it', async () => {
    const { demo } = await sharedKeys();
    const delivered: LiveHint[] = [];
    // A terminal with a second journal (purchases): one more stream and one more hint handler.
    const purchases: SyncEntry[] = [
      {
        seq: 1,
        at: clock,
        kind: 'created',
        refs: ['6d654219-d9b7-4e1a-8b51-99a5cafb11cb'],
        data: { product: 'DNOPEN' },
      },
    ];
    const terminal = await startTerminal(sandbox, demo, 'PP01', {
      sources: [
        {
          stream: 'purchases',
          after: (cursor) => purchases.filter((e) => e.seq > cursor),
          pendingAfter: (cursor) => purchases.filter((e) => e.seq > cursor).length,
          durable: async () => {}, // held in memory: nothing to put on disk
        },
      ],
      hintHandlers: { 'klikoo-callback': (hint) => void delivered.push(hint) },
    });
    try {
      await terminal.link.enrol(rig.server.baseUrl, await rig.code('Toko Pulsa', 'PP01'));
      await until(
        () => terminal.link.status().state === 'connected' && terminal.link.status().pending === 0,
        'synced',
      );
      const callback = {
        partner_reference_id: '6d654219-d9b7-4e1a-8b51-99a5cafb11cb',
        transaction_id: '14429004',
        transaction_status: 'SUCCESS',
        sn: '223731',
      };
      const response = await fetch(`${rig.server.klikooCallbackUrl}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        // Klikoo repeats the customer's number (value, msisdn): kept masked, like every purchase.
        body: JSON.stringify({ ...callback, value: '08996647676', msisdn: '08996647676' }),
      });
      expect(response.status).toBe(200);
      await until(() => delivered.length === 1, 'the callback on the terminal');
      expect(delivered[0]).toMatchObject({
        source: 'klikoo-callback',
        status: 'SUCCESS',
        body: { ...callback, value: '*******7676', msisdn: '*******7676' },
      });
      const kept = await database.query<{ n: bigint }>(
        "SELECT count(*) AS n FROM hints WHERE body::text LIKE '%08996647676%'",
      );
      expect(Number(kept[0]?.n)).toBe(0);
      const acknowledged = await until(
        async () => (await hintsNaming('14429004')).find((h) => h.acknowledged),
        'the ack',
      );
      expect(acknowledged).toMatchObject({
        source: 'klikoo-callback',
        deliveredTo: [expect.stringMatching(/^trm_/)],
      });
    } finally {
      await terminal.close();
    }
  });
});
