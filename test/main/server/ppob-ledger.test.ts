// The merchant ledger's PPOB side on both databases: two terminals (real journals, payment and
// purchase engines, server links) sell pulsa, data, PLN tokens, bills and e-wallet top-ups for cash
// and by QRIS against the real Klikoo and DOKU simulators and the SNAP sandbox, over real HTTP; their
// purchases sync to the server, whose PPOB report must equal the simulators' own books. Klikoo
// callbacks reach the server's public callback address like the provider's.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PurchaseRecord } from '../../../main/payments/journal';
import type { PpobConfig } from '../../../main/ppob/open-ppob';
import type { BuyInput, PurchaseResult } from '../../../main/ppob/purchase-engine';
import type { PpobSandboxHandle } from '../../../main/sandbox/ppob/sandbox';
import { startPpobSandbox } from '../../../main/sandbox/ppob/sandbox';
import type { SandboxHandle } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import type { Database } from '../../../main/server/db/database';
import { UNJOURNALED_GRACE_MS } from '../../../main/server/ledger';
import { LinkStore } from '../../../main/sync/link-store';
import { purchaseSource } from '../../../main/sync/outbox';
import type {
  Difference,
  MerchantDayReport,
  PurchaseDetail,
  PurchasesPage,
} from '../../../preload/contract/backoffice';
import { enrolByHttp, purchaseEntry, uploadEntries } from '../../support/merchant-server';
import { sharedKeys } from '../payments/support';
import { FAST_PURCHASE_POLICY } from '../ppob/support';
import type { ServerRig, TerminalRig } from './support';
import { Databases, DB_KINDS, startServer, startTerminal, until } from './support';

const KLIKOO = { clientId: 'klikoo-ledger-client', clientSecret: 'klikoo-ledger-secret-0123456789' };
const DOKU = { clientId: 'MCH-LEDGER-0001', secretKey: 'SK-doku-ledger-secret-0123456789' };
const rp = (rupiah: number) => BigInt(rupiah) * 100n;

describe.each(DB_KINDS)('PPOB in the merchant ledger on %s PostgreSQL', (kind) => {
  let databases: Databases;
  let database: Database;
  let rig: ServerRig;
  let sandbox: SandboxHandle;
  let ppobSandbox: PpobSandboxHandle;
  /** How far the server's clock is ahead of the terminals' (to age what they left open). */
  let skew = 0;
  let anggrek: TerminalRig;
  let kenanga: TerminalRig;
  /** Arms a crash of Toko Anggrek's terminal just before it journals a failed QR sale's refund. */
  let crashBeforeRefund = false;
  const sold: { terminal: TerminalRig; result: PurchaseResult }[] = [];
  let date = '';
  let report: MerchantDayReport;

  async function ppobTerminal(terminalId: string, shop: string, settleMs?: number): Promise<TerminalRig> {
    const { demo } = await sharedKeys();
    const ppob: PpobConfig = {
      klikoo: {
        baseUrl: ppobSandbox.klikoo.baseUrl,
        clientId: KLIKOO.clientId,
        clientSecret: KLIKOO.clientSecret,
        privateKey: demo.privateKeyPem,
        timeoutMs: 1_000,
      },
      doku: { baseUrl: ppobSandbox.doku.baseUrl, ...DOKU, timeoutMs: 1_000 },
      policy: { ...FAST_PURCHASE_POLICY, ...(settleMs === undefined ? {} : { settleMs }) },
    };
    const terminal = await startTerminal(sandbox, demo, terminalId, {
      ppob,
      checkpoint: (point) => {
        if (point === 'sale:refund' && crashBeforeRefund) {
          crashBeforeRefund = false;
          throw new Error('the till lost power');
        }
      },
    });
    await terminal.link.enrol(rig.server.publicUrl, await rig.code(shop, 'Kasir 1'));
    await until(() => terminal.link.status().state === 'connected', `${terminalId} connected`);
    return terminal;
  }

  async function sell(terminal: TerminalRig, input: BuyInput, paidByQr = false): Promise<PurchaseResult> {
    const ppob = terminal.ppob;
    if (!ppob) throw new Error('no PPOB engine');
    const result = await ppob.buy({
      ...input,
      ...(paidByQr ? { paidBy: { qrContent: sandbox.issueQr().qrContent } } : {}),
    });
    sold.push({ terminal, result });
    return result;
  }

  const purchasesOf = (terminal: TerminalRig): PurchaseRecord[] =>
    terminal.journal.purchaseHistory({ limit: 500 }).items;
  const reportNow = async () =>
    (await rig.admin(`/api/v1/admin/report?date=${date}`)).json as MerchantDayReport;
  const synced = async () => {
    for (const terminal of [anggrek, kenanga]) {
      await until(() => terminal.link.status().pending === 0, `${terminal.terminalId} synced`);
    }
  };
  const differencesOf = (kind: Difference['kind']) => report.differences.filter((d) => d.kind === kind);

  async function postCallback(body: Record<string, unknown>): Promise<void> {
    const response = await fetch(rig.server.klikooCallbackUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
  }

  beforeAll(async () => {
    const { demo, provider } = await sharedKeys();
    databases = await Databases.start(kind);
    database = await databases.open();
    rig = await startServer(database, provider.publicKeyPem, { now: () => Date.now() + skew });
    sandbox = await startSandbox({
      partners: [{ ...demo.partner, notifyUrl: rig.server.notifyUrl }],
      providerKeyPair: provider,
    });
    ppobSandbox = await startPpobSandbox({
      // A WAITING purchase settles after two lookups; one nobody looks up stays WAITING for the test.
      waitingLookups: 2,
      waitingMs: 10 * 60_000,
      klikooPartners: [
        { ...KLIKOO, publicKeyPem: demo.partner.publicKeyPem, callbackUrl: rig.server.klikooCallbackUrl },
      ],
      dokuPartners: [DOKU],
    });
    anggrek = await ppobTerminal('P01', 'Toko Anggrek');
    // This till does not wait for a WAITING purchase to settle: it stays open on the ledger.
    kenanga = await ppobTerminal('P02', 'Toko Kenanga', 0);

    // Cash sales of every kind, one failing outright and one WAITING until its lookups settle it.
    await sell(anggrek, { productCode: 'TSEL10', customerNo: '081234567890', sellingPrice: rp(12_000) });
    await sell(anggrek, { productCode: 'PLN-PRA-20', customerNo: '14234567890', sellingPrice: rp(22_500) });
    await sell(anggrek, { productCode: 'TSEL10', customerNo: '081266669912', sellingPrice: rp(12_000) });
    await sell(anggrek, { productCode: 'XL10', customerNo: '081766669901', sellingPrice: rp(11_500) });
    // Paid by QRIS: one delivered, one whose product failed (refunded in full by itself), and one
    // whose till stopped between the product failing and the refund being journaled.
    await sell(
      anggrek,
      { productCode: 'ISAT10', customerNo: '085612345678', sellingPrice: rp(12_500) },
      true,
    );
    await sell(
      anggrek,
      { productCode: 'TSEL50', customerNo: '081266669912', sellingPrice: rp(51_000) },
      true,
    );
    crashBeforeRefund = true;
    await expect(
      sell(anggrek, { productCode: 'ISATD3GB', customerNo: '085766669912', sellingPrice: rp(33_000) }, true),
    ).rejects.toThrow('the till lost power');

    await sell(kenanga, { productCode: 'DANA50', customerNo: '085712345678', sellingPrice: rp(52_000) });
    await sell(kenanga, { productCode: 'PLN-PASCA', customerNo: '512345678901' });
    await sell(
      kenanga,
      { productCode: 'TSELD5GB', customerNo: '081234567890', sellingPrice: rp(55_000) },
      true,
    );
    await sell(kenanga, { productCode: 'TSEL5', customerNo: '081366669901', sellingPrice: rp(7_000) });
    await synced();
    date = purchasesOf(anggrek)[0]?.businessDate ?? '';
    report = await reportNow();
  }, 120_000);

  afterAll(async () => {
    for (const terminal of [anggrek, kenanga]) await terminal?.close();
    await ppobSandbox?.close();
    await sandbox?.close();
    await rig?.server.close();
    await databases?.stop();
  });

  describe('the day report', () => {
    it("sells, per terminal, exactly what the simulators' books say was bought", () => {
      const books = [
        ...ppobSandbox.klikoo.ledger.snapshot().purchases,
        ...ppobSandbox.doku.ledger.snapshot().purchases,
      ];
      const byReference = new Map(books.map((p) => [p.reference, p]));
      for (const terminal of [anggrek, kenanga]) {
        const bought = purchasesOf(terminal).filter(
          (p) => byReference.get(p.partnerReferenceId)?.status === 'SUCCESS',
        );
        const line = report.ppob.terminals.find((t) => t.terminalCode === terminal.terminalId);
        expect(line?.sold.count).toBe(bought.length);
        expect(line?.sold.costMinor).toBe(
          String(bought.reduce((sum, p) => sum + (byReference.get(p.partnerReferenceId)?.amount ?? 0n), 0n)),
        );
        expect(line?.sold.sellingMinor).toBe(String(bought.reduce((sum, p) => sum + p.sellingPrice, 0n)));
      }
      expect(report.ppob.terminals.map((t) => [t.shop, t.label])).toEqual([
        ['Toko Anggrek', 'Kasir 1'],
        ['Toko Kenanga', 'Kasir 1'],
      ]);
      const success = books.filter((p) => p.status === 'SUCCESS');
      expect(report.ppob.sold.count).toBe(success.length);
      expect(report.ppob.sold.costMinor).toBe(String(success.reduce((sum, p) => sum + p.amount, 0n)));
      expect(BigInt(report.ppob.sold.marginMinor)).toBe(
        BigInt(report.ppob.sold.sellingMinor) - BigInt(report.ppob.sold.costMinor),
      );
    });

    it("holds every purchase in the state the provider's books have it", async () => {
      const books = new Map(
        [
          ...ppobSandbox.klikoo.ledger.snapshot().purchases,
          ...ppobSandbox.doku.ledger.snapshot().purchases,
        ].map((p) => [p.reference, p.status]),
      );
      const page = (await rig.admin(`/api/v1/admin/purchases?date=${date}&limit=500`)).json as PurchasesPage;
      expect(page.items).toHaveLength(sold.length + 1);
      for (const purchase of page.items) {
        const provider = books.get(purchase.partnerReferenceId);
        if (purchase.state === 'SUCCESS') expect(provider).toBe('SUCCESS');
        else if (purchase.state === 'WAITING') expect(provider).toBe('WAITING');
        else expect(provider ?? 'FAILED').toBe('FAILED');
      }
      expect(report.ppob.states.SUCCESS.count).toBe(page.items.filter((p) => p.state === 'SUCCESS').length);
      expect(report.ppob.states.FAILED.count).toBe(3);
      expect(report.ppob.states.WAITING.count).toBe(1);
    });

    it('reports by product and category, with cost and margin', () => {
      const success = [
        ...ppobSandbox.klikoo.ledger.snapshot().purchases,
        ...ppobSandbox.doku.ledger.snapshot().purchases,
      ].filter((p) => p.status === 'SUCCESS');
      const expected = new Map<string, { count: number; cost: bigint }>();
      for (const p of success) {
        const line = expected.get(p.productCode) ?? { count: 0, cost: 0n };
        expected.set(p.productCode, { count: line.count + 1, cost: line.cost + p.amount });
      }
      expect(
        new Map(
          report.ppob.products.map((p) => [p.productCode, { count: p.count, cost: BigInt(p.costMinor) }]),
        ),
      ).toEqual(expected);
      const pulsa = report.ppob.categories.find((c) => c.category === 'pulsa');
      // TSEL10 cash and ISAT10 by QRIS at Toko Anggrek; XL10 (WAITING, then SUCCESS) too.
      expect(pulsa).toMatchObject({
        count: 3,
        sellingMinor: String(rp(12_000 + 12_500 + 11_500)),
        costMinor: String(rp(10_450 + 10_700 + 10_600)),
        marginMinor: String(rp(12_000 + 12_500 + 11_500 - 10_450 - 10_700 - 10_600)),
      });
      expect(report.ppob.categories.map((c) => c.category).sort()).toEqual([
        'data',
        'ewallet',
        'pln-postpaid',
        'pln-prepaid',
        'pulsa',
      ]);
    });

    it('counts the cash the tills took for PPOB apart from what QRIS paid', () => {
      const cashSold = sold
        .map((s) => s.result)
        .filter((r) => r.outcome === 'success' && r.purchase.paymentId === null);
      const qrisSold = sold
        .map((s) => s.result)
        .filter((r) => r.outcome === 'success' && r.payment !== undefined);
      expect(report.ppob.cash).toEqual({
        count: cashSold.length,
        totalMinor: String(cashSold.reduce((sum, r) => sum + r.purchase.sellingPrice, 0n)),
      });
      expect(report.ppob.qris).toEqual({
        count: qrisSold.length,
        totalMinor: String(qrisSold.reduce((sum, r) => sum + r.purchase.sellingPrice, 0n)),
      });
      const kenangaLine = report.ppob.terminals.find((t) => t.terminalCode === 'P02');
      expect(kenangaLine?.cash.totalMinor).toBe(
        String(
          cashSold
            .filter((r) => r.purchase.terminalId === 'P02')
            .reduce((sum, r) => sum + r.purchase.sellingPrice, 0n),
        ),
      );
    });

    it("reports the automatic refund of the failed QRIS sale as the SNAP sandbox's books have it", () => {
      const refunded = sold.find((s) => s.result.refund !== undefined)?.result;
      const provider = sandbox
        .ledger()
        .transactions.find((t) => t.partnerReferenceNo === refunded?.payment?.partnerReferenceNo);
      const back = provider?.refunds.reduce((sum, r) => sum + r.amount, 0n) ?? 0n;
      expect(back).toBe(rp(51_000));
      expect(report.ppob.refunds).toEqual({
        owed: { count: 2, totalMinor: String(rp(51_000 + 33_000)) },
        refunded: { count: 1, totalMinor: String(back) },
        inProgress: { count: 0, totalMinor: '0' },
        missing: { count: 1, totalMinor: String(rp(33_000)) },
      });
    });

    it("waits for a failed QRIS sale's refund to sync before it calls the refund missing", () => {
      // The till stopped before journaling it a moment ago: counted as not refunded, not flagged yet.
      expect(report.ppob.refunds.missing.count).toBe(1);
      expect(differencesOf('purchase-refund-missing')).toEqual([]);
    });

    it('lists the purchase still pending, by age', () => {
      expect(report.ppob.pending.count).toBe(1);
      expect(report.ppob.pending.byAge[0]).toMatchObject({ fromMs: 0, toMs: 5 * 60_000, count: 1 });
      expect(report.ppob.terminals.find((t) => t.terminalCode === 'P02')?.pending).toBe(1);
    });
  });

  describe('differences', () => {
    let paidOnTime: PurchaseRecord;
    let refusedCash: PurchaseRecord;
    const stranger = randomUUID();

    beforeAll(async () => {
      const cash = purchasesOf(anggrek);
      paidOnTime = cash.find((p) => p.productCode === 'TSEL10' && p.state === 'SUCCESS') as PurchaseRecord;
      refusedCash = cash.find((p) => p.productCode === 'TSEL10' && p.state === 'FAILED') as PurchaseRecord;
      // A callback for a purchase no terminal made; one calling a delivered purchase FAILED; one
      // calling a refused one SUCCESS. The terminal confirms each with Klikoo and keeps its state.
      await postCallback({
        partner_reference_id: stranger,
        transaction_id: '14420999',
        transaction_status: 'SUCCESS',
      });
      await postCallback({
        partner_reference_id: paidOnTime.partnerReferenceId,
        transaction_id: paidOnTime.transactionId,
        transaction_status: 'FAILED',
      });
      await postCallback({
        partner_reference_id: refusedCash.partnerReferenceId,
        transaction_id: refusedCash.transactionId,
        transaction_status: 'SUCCESS',
      });
      await until(
        () =>
          anggrek.journal.purchaseEvents(paidOnTime.id).filter((e) => e.kind === 'callback').length === 1 &&
          anggrek.journal.purchaseEvents(refusedCash.id).filter((e) => e.kind === 'callback').length === 1,
        'both callbacks on the terminal',
      );
      await synced();
      skew = UNJOURNALED_GRACE_MS + 60_000;
      report = await reportNow();
    });

    it('flags a Klikoo callback that no purchase on any terminal explains, once', () => {
      const unexplained = differencesOf('callback-unexplained');
      expect(unexplained).toEqual([
        expect.objectContaining({ status: 'SUCCESS', refs: [stranger, '14420999'] }),
      ]);
      expect(differencesOf('notify-unjournaled')).toEqual([]);
    });

    it("flags a terminal's SUCCESS that a callback called FAILED, and a failure it called SUCCESS", () => {
      expect(differencesOf('purchase-success-but-callback-failed')).toEqual([
        expect.objectContaining({
          terminalId: expect.stringMatching(/^trm_/),
          partnerReferenceId: paidOnTime.partnerReferenceId,
          state: 'SUCCESS',
          callback: 'FAILED',
        }),
      ]);
      expect(differencesOf('purchase-failed-but-callback-success')).toEqual([
        expect.objectContaining({ partnerReferenceId: refusedCash.partnerReferenceId, state: 'FAILED' }),
      ]);
      // Each callback went to the till that made the purchase, and to no other.
      const kenangaCallbacks = purchasesOf(kenanga)
        .flatMap((p) => kenanga.journal.purchaseEvents(p.id))
        .filter((e) => e.kind === 'callback');
      expect(kenangaCallbacks).toEqual([]);
      // The terminals still hold what Klikoo's own transaction detail said.
      expect(anggrek.journal.findPurchase(paidOnTime.partnerReferenceId)?.state).toBe('SUCCESS');
      expect(anggrek.journal.findPurchase(refusedCash.partnerReferenceId)?.state).toBe('FAILED');
    });

    it('flags the purchase left unresolved, with its age', () => {
      const waiting = purchasesOf(kenanga).find((p) => p.state === 'WAITING');
      const unresolved = differencesOf('unresolved').filter(
        (d) => d.kind === 'unresolved' && d.operation === 'purchase',
      );
      expect(unresolved).toEqual([
        expect.objectContaining({
          reference: waiting?.partnerReferenceId,
          state: 'WAITING',
          amountMinor: String(rp(7_000)),
          ageMs: expect.any(Number),
        }),
      ]);
      expect((unresolved[0] as { ageMs: number }).ageMs).toBeGreaterThanOrEqual(skew);
    });

    it('flags the failed QRIS sale whose refund was never journaled, until recovery refunds it', async () => {
      const crashed = purchasesOf(anggrek).find((p) => p.productCode === 'ISATD3GB');
      expect(differencesOf('purchase-refund-missing')).toEqual([
        expect.objectContaining({
          partnerReferenceId: crashed?.partnerReferenceId,
          state: 'FAILED',
          sellingMinor: String(rp(33_000)),
          refundState: null,
        }),
      ]);
      await anggrek.ppob?.recover();
      await synced();
      const after = await until(async () => {
        const answer = await reportNow();
        return answer.differences.some((d) => d.kind === 'purchase-refund-missing') ? undefined : answer;
      }, 'the refund on the server');
      expect(after.ppob.refunds.refunded).toEqual({ count: 2, totalMinor: String(rp(51_000 + 33_000)) });
      expect(after.ppob.refunds.missing.count).toBe(0);
    });
  });

  describe('sync', () => {
    it('keeps the ledger as it was when a terminal uploads its purchases again', async () => {
      await synced();
      const before = await reportNow();
      const token = new LinkStore(anggrek.dir).read()?.token ?? '';
      const entries = purchaseSource(anggrek.journal).after(0, 500);
      expect(entries.length).toBeGreaterThan(20);
      const again = await uploadEntries(rig.server.baseUrl, token, 'purchases', entries);
      expect(again.status).toBe(200);
      // The oldest entries alone (their purchases long since moved on) change nothing either.
      expect((await uploadEntries(rig.server.baseUrl, token, 'purchases', entries.slice(0, 3))).status).toBe(
        200,
      );
      const after = await reportNow();
      // The same report but for the time that passed: the open purchase is older.
      const timeless = (r: MerchantDayReport) => ({
        ...r,
        generatedAt: 0,
        differences: r.differences.map((d) => (d.kind === 'unresolved' ? { ...d, ageMs: 0 } : d)),
      });
      expect(timeless(after)).toEqual(timeless(before));
      const rows = await database.query<{ n: bigint }>('SELECT count(*) AS n FROM ledger_purchases');
      expect(Number(rows[0]?.n)).toBe(sold.length + 1);
    });

    it('never holds a full customer number, only its last four digits', async () => {
      const leaked = await database.query<{ n: bigint }>(
        `SELECT count(*) AS n FROM terminal_entries
          WHERE data::text ~ '(66669912|0812345678|4234567890|512345678901|85712345678)'`,
      );
      expect(Number(leaked[0]?.n)).toBe(0);
      const page = (await rig.admin(`/api/v1/admin/purchases?date=${date}&limit=500`)).json as PurchasesPage;
      expect(page.items.map((p) => p.customerNo)).toContain('********9912');
      expect(page.items.every((p) => /^\**\d{4}$/.test(p.customerNo))).toBe(true);
    });
  });

  describe('a terminal of an earlier version', () => {
    it('has a customer number it sent whole masked by the server, in the ledger and in the entry it keeps', async () => {
      const token = await enrolByHttp(rig.server.baseUrl, await rig.code('Toko Lama', 'Kasir lama'), 'OLD1');
      const old = purchaseEntry({
        seq: 1,
        at: Date.parse('2020-01-02T03:00:00Z'),
        kind: 'settled',
        toState: 'SUCCESS',
        purchase: {
          partnerReferenceId: randomUUID(),
          provider: 'klikoo',
          productCode: 'TSEL10',
          productName: 'Telkomsel 10.000',
          category: 'pulsa',
          customerNo: '081277778888',
          buyPriceMinor: String(rp(10_450)),
          sellingPriceMinor: String(rp(12_000)),
          terminalId: 'OLD1',
          businessDate: '2020-01-02',
          partnerReferenceNo: null,
          refund: null,
        },
      });
      // The provider's answer the event kept repeats it too.
      const entry = {
        ...old,
        data: {
          ...(old.data as object),
          event: { ...(old.data as { event: object }).event, detail: { value: '081277778888' } },
        },
      };
      expect((await uploadEntries(rig.server.baseUrl, token, 'purchases', [entry])).status).toBe(200);
      const leaked = await database.query<{ n: bigint }>(
        "SELECT count(*) AS n FROM terminal_entries WHERE data::text LIKE '%081277778888%'",
      );
      expect(Number(leaked[0]?.n)).toBe(0);
      const page = (await rig.admin('/api/v1/admin/purchases?date=2020-01-02')).json as PurchasesPage;
      expect(page.items.map((p) => p.customerNo)).toEqual(['********8888']);
    });

    it('reads a purchase in the shape an earlier terminal sends it (no refund, reason or request fields)', async () => {
      const token = await enrolByHttp(rig.server.baseUrl, await rig.code('Toko Lama', 'Kasir 2'), 'OLD2');
      const at = Date.parse('2020-01-03T03:00:00Z');
      const reference = randomUUID();
      const entry = {
        seq: 1,
        at,
        kind: 'settled',
        refs: [reference, '14420001'],
        data: {
          event: {
            purchaseId: 1,
            kind: 'settled',
            fromState: 'WAITING',
            toState: 'SUCCESS',
            providerStatus: 'SUCCESS',
          },
          purchase: {
            partnerReferenceId: reference,
            provider: 'klikoo',
            productCode: 'PLN20',
            productName: 'Token PLN 20.000',
            category: 'pln-prepaid',
            customerNo: '14234567890',
            buyPriceMinor: String(rp(20_500)),
            sellingPriceMinor: String(rp(22_500)),
            state: 'SUCCESS',
            transactionId: '14420001',
            sn: '1234-5678-9012-3456-7890',
            terminalId: 'OLD2',
            businessDate: '2020-01-03',
            createdAt: at,
            updatedAt: at,
            partnerReferenceNo: null,
          },
        },
      };
      expect((await uploadEntries(rig.server.baseUrl, token, 'purchases', [entry])).status).toBe(200);
      const day = (await rig.admin('/api/v1/admin/report?date=2020-01-03')).json as MerchantDayReport;
      expect(day.ppob.sold).toEqual({
        count: 1,
        sellingMinor: String(rp(22_500)),
        costMinor: String(rp(20_500)),
        marginMinor: String(rp(2_000)),
      });
      const page = (await rig.admin('/api/v1/admin/purchases?date=2020-01-03')).json as PurchasesPage;
      expect(page.items).toEqual([
        expect.objectContaining({ customerNo: '*******7890', reason: null, decidedBy: null, refund: null }),
      ]);
    });
  });

  describe('the history', () => {
    it('filters by kind and by how it was paid', async () => {
      const pulsa = (await rig.admin(`/api/v1/admin/purchases?date=${date}&category=pulsa`))
        .json as PurchasesPage;
      expect(new Set(pulsa.items.map((p) => p.category))).toEqual(new Set(['pulsa']));
      expect(pulsa.categories).toEqual(['data', 'ewallet', 'pln-postpaid', 'pln-prepaid', 'pulsa']);
      const qris = (await rig.admin(`/api/v1/admin/purchases?date=${date}&paidBy=qris`))
        .json as PurchasesPage;
      expect(qris.items).toHaveLength(4);
      expect(qris.items.every((p) => p.paidBy === 'qris' && p.payment?.state === 'PAID')).toBe(true);
      const wrong = await rig.admin(`/api/v1/admin/purchases?date=${date}&paidBy=card`);
      expect(wrong.status).toBe(400);
      expect(wrong.json).toMatchObject({ error: { code: 'PAID_BY_INVALID' } });
    });

    it('refuses a page size that is not a whole number, for purchases and payments alike', async () => {
      for (const history of ['purchases', 'payments']) {
        const answer = await rig.admin(`/api/v1/admin/${history}?date=${date}&limit=lots`);
        expect(answer.status).toBe(400);
        expect(answer.json).toMatchObject({ error: { code: 'PAGE_LIMIT_INVALID' } });
      }
    });

    it('shows one purchase with its QRIS payment, its refund and every event its terminal journaled', async () => {
      const refunded = sold.find((s) => s.result.refund !== undefined)?.result;
      const page = (await rig.admin(`/api/v1/admin/purchases?date=${date}&paidBy=qris&limit=500`))
        .json as PurchasesPage;
      const listed = page.items.find((p) => p.partnerReferenceId === refunded?.purchase.partnerReferenceId);
      const detail = (
        await rig.admin(
          `/api/v1/admin/purchase?terminal=${listed?.terminalId}&ref=${refunded?.purchase.partnerReferenceId}`,
        )
      ).json as PurchaseDetail;
      expect(detail.purchase).toMatchObject({
        productCode: 'TSEL50',
        customerNo: '********9912',
        state: 'FAILED',
        paidBy: 'qris',
        payment: { partnerReferenceNo: refunded?.payment?.partnerReferenceNo, state: 'PAID' },
        refund: { state: 'REFUNDED', amountMinor: String(rp(51_000)) },
      });
      const journaled = anggrek.journal.purchaseEvents(refunded?.purchase.id ?? 0);
      expect(detail.events.map((e) => e.kind)).toEqual(journaled.map((e) => e.kind));
      expect(detail.events.map((e) => e.kind)).toEqual(
        expect.arrayContaining(['created', 'payment', 'send', 'refund']),
      );
      const missing = await rig.admin(
        `/api/v1/admin/purchase?terminal=${listed?.terminalId}&ref=${randomUUID()}`,
      );
      expect(missing.status).toBe(404);
    });

    it('exports every purchase in the day CSV beside the payments', async () => {
      const csv = await rig.admin(`/api/v1/admin/report.csv?date=${date}`);
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toContain('"operation","product","customer","buy_price","margin","paid_by"');
      const ppob = lines.filter((line) => line.includes('"ppob"'));
      // every purchase, and the one callback nothing explains
      expect(ppob).toHaveLength(sold.length + 1 + 1);
      const refunded = sold.find((s) => s.result.refund !== undefined)?.result;
      expect(csv.text).toContain(
        [
          refunded?.purchase.partnerReferenceId,
          refunded?.purchase.transactionId,
          '51000.00',
          'FAILED',
          '51000.00',
          '',
          '',
          'ppob',
          'TSEL50 Telkomsel 50.000',
          '********9912',
          '49800.00',
          '1200.00',
          `qris ${refunded?.payment?.partnerReferenceNo}`,
        ]
          .map((field) => `"${field}"`)
          .join(','),
      );
    });
  });
});
