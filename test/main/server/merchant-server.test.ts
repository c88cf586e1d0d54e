// The merchant server on both of its databases (embedded PGlite, a real PostgreSQL server started
// here), with real terminals (journal, engine, server link) paying against the embedded sandbox,
// whose notifies reach the server over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import type { Database } from '../../../main/server/db/database';
import { TERMINAL_API } from '../../../main/sync/protocol';
import type { MerchantDayReport, PaymentsPage, TerminalView } from '../../../preload/contract/backoffice';
import { sharedKeys } from '../payments/support';
import type { ServerRig, TerminalRig } from './support';
import { Databases, DB_KINDS, startServer, startTerminal, until } from './support';

describe.each(DB_KINDS)('the merchant server on %s PostgreSQL', (kind) => {
  let databases: Databases;
  let database: Database;
  let rig: ServerRig;
  let sandbox: SandboxHandle;
  const terminals: TerminalRig[] = [];

  beforeAll(async () => {
    const { demo, provider } = await sharedKeys();
    databases = await Databases.start(kind);
    database = await databases.open();
    rig = await startServer(database, provider.publicKeyPem);
    sandbox = await startSandbox({
      partners: [{ ...demo.partner, notifyUrl: rig.server.notifyUrl }],
      providerKeyPair: provider,
    });
  }, 60_000);

  afterAll(async () => {
    for (const terminal of terminals) await terminal.close();
    await sandbox?.close();
    await rig?.server.close();
    await databases?.stop();
  });

  async function enrolledTerminal(terminalId: string, shop = 'Toko Melati', label = terminalId) {
    const { demo } = await sharedKeys();
    const terminal = await startTerminal(sandbox, demo, terminalId);
    terminals.push(terminal);
    await terminal.link.enrol(rig.server.publicUrl, await rig.code(shop, label));
    await until(() => terminal.link.status().state === 'connected', `${terminalId} connected`);
    return terminal;
  }

  function notifiesOf(terminal: TerminalRig, reference: string) {
    const payment = terminal.journal.findByPartnerReferenceNo(reference);
    return payment ? terminal.journal.events(payment.id).filter((e) => e.kind === 'notify') : [];
  }

  describe('enrolment', () => {
    it('trades a one-time code for a credential the terminal syncs and listens with', async () => {
      const terminal = await enrolledTerminal('A01', 'Toko Melati', 'Kasir depan');
      expect(terminal.link.status()).toMatchObject({
        state: 'connected',
        shop: 'Toko Melati',
        label: 'Kasir depan',
        server: rig.server.publicUrl,
        error: null,
      });
      const listed = await rig.admin('/api/v1/admin/terminals');
      const mine = (listed.json as { terminals: TerminalView[] }).terminals.find(
        (t) => t.terminalCode === 'A01',
      );
      expect(mine).toMatchObject({
        shop: 'Toko Melati',
        label: 'Kasir depan',
        connected: true,
        revokedAt: null,
      });
    });

    it('refuses a code that was already used, and one that never existed', async () => {
      const code = await rig.code();
      const enrol = (typed: string) =>
        fetch(`${rig.server.baseUrl}${TERMINAL_API.enrol}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            code: typed,
            terminal: { terminalId: 'X1', merchantId: 'M', sandbox: true },
          }),
        });
      expect((await enrol(code.toLowerCase().replace('-', ' '))).status).toBe(200);
      const again = await enrol(code);
      expect(again.status).toBe(403);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe('ENROLMENT_CODE_INVALID');
      expect((await enrol('ZZZZZ-ZZZZZ')).status).toBe(403);
    });
  });

  describe('strangers', () => {
    it.each([
      ['no credential', undefined],
      ['a made-up credential', 'kst_0000000000000000000000000000000000000000000'],
    ])('with %s are refused on every terminal call and learn nothing', async (_what, token) => {
      const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
      const calls = [
        fetch(`${rig.server.baseUrl}${TERMINAL_API.sync}`, { headers }),
        fetch(`${rig.server.baseUrl}${TERMINAL_API.sync}`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            stream: 'journal',
            entries: [{ seq: 1, at: 1, kind: 'created', refs: ['X'], data: {} }],
          }),
        }),
        fetch(`${rig.server.baseUrl}${TERMINAL_API.live}`, { headers }),
        fetch(`${rig.server.baseUrl}${TERMINAL_API.ack}`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ cursor: 1 }),
        }),
      ];
      for (const response of await Promise.all(calls)) {
        expect(response.status).toBe(401);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
          'TERMINAL_NOT_ENROLLED',
        );
      }
    });

    it('without the admin key get nothing from the back-office API', async () => {
      const response = await fetch(`${rig.server.baseUrl}/api/v1/admin/report`, {
        headers: { Authorization: 'Bearer not-the-admin-key-at-all' },
      });
      expect(response.status).toBe(401);
    });
  });

  describe('live delivery', () => {
    it("brings the provider's notify to the terminal that took the payment, and to no other", async () => {
      const [first, second] = [await enrolledTerminal('L01'), await enrolledTerminal('L02')];
      const reference = await first.pay('12500.00');
      await until(() => notifiesOf(first, reference).length > 0, 'the notify on L01');
      expect(notifiesOf(first, reference)[0]).toMatchObject({ providerStatus: '00' });
      expect(second.journal.anomalies()).toEqual([]);
      expect(second.journal.findByPartnerReferenceNo(reference)).toBeUndefined();
    });

    it('holds what arrives while the terminal is away and delivers it when it reconnects', async () => {
      const terminal = await enrolledTerminal('L03');
      const reference = await terminal.pay('20000.00');
      await until(() => notifiesOf(terminal, reference).length === 1, 'the payment notify');
      await terminal.link.close();
      const refund = await terminal.engine.refund(reference, {
        amount: 500000n,
        reason: 'barang rusak',
        requestedBy: 'spv',
      });
      expect(refund.outcome).toBe('refunded');
      await sandbox.notifyIdle();
      expect(notifiesOf(terminal, reference)).toHaveLength(1);
      terminal.reopenLink();
      await until(() => notifiesOf(terminal, reference).length === 2, 'the refund notify after reconnecting');
      expect(notifiesOf(terminal, reference)[1]).toMatchObject({ providerStatus: '04' });
    });

    it('cuts a revoked terminal off at once and refuses it from then on', async () => {
      const terminal = await enrolledTerminal('R01');
      const listed = (await rig.admin('/api/v1/admin/terminals')).json as { terminals: TerminalView[] };
      const id = listed.terminals.find((t) => t.terminalCode === 'R01')?.id ?? '';
      expect((await rig.admin(`/api/v1/admin/terminals/${id}/revoke`, { method: 'POST' })).status).toBe(200);
      await until(() => terminal.link.status().state === 'refused', 'the terminal refused');
      await expect(terminal.link.syncNow()).rejects.toMatchObject({ code: 'TERMINAL_NOT_ENROLLED' });
      const after = (await rig.admin('/api/v1/admin/terminals')).json as { terminals: TerminalView[] };
      expect(after.terminals.find((t) => t.id === id)).toMatchObject({ connected: false });
    });
  });

  describe('journal sync', () => {
    it('uploads everything a terminal journaled while the server was out of reach, once', async () => {
      const terminal = await enrolledTerminal('S01');
      await terminal.link.close();
      const references: string[] = [];
      for (const value of ['1000.00', '2000.00', '3000.00', '10002.00'])
        references.push(await terminal.pay(value));
      const link = terminal.reopenLink();
      // The server kept the provider's notifies for the payments made offline and delivers them on
      // reconnecting; each is journaled, so it is one more entry to upload. Only once they are in is
      // the outbox truly empty.
      await sandbox.notifyIdle();
      await until(
        () => references.every((reference) => notifiesOf(terminal, reference).length === 1),
        'the notifies held while offline, delivered',
      );
      await until(() => link.status().pending === 0 && link.status().lastSyncAt !== null, 'the outbox empty');
      // A second, explicit pass sends nothing new: the server already holds every entry.
      expect(await link.syncNow()).toBe(0);
      const mine = await until(async () => {
        const all = (await rig.admin('/api/v1/admin/payments?limit=500')).json as PaymentsPage;
        const found = all.items.filter((p) => p.terminalCode === 'S01');
        return found.length === 4 ? found : undefined;
      }, 'the four payments on the server');
      expect(new Set(mine.map((p) => p.partnerReferenceNo))).toEqual(new Set(references));
      for (const payment of mine) {
        expect(payment.state).toBe(
          terminal.journal.findByPartnerReferenceNo(payment.partnerReferenceNo)?.state,
        );
      }
    });
  });

  describe('one ledger', () => {
    it("reports the day across three terminals exactly as the provider's own ledger has it", async () => {
      const shops = [
        await enrolledTerminal('M01', 'Toko Anggrek', 'Kasir 1'),
        await enrolledTerminal('M02', 'Toko Anggrek', 'Kasir 2'),
        await enrolledTerminal('M03', 'Toko Kenanga', 'Kasir 1'),
      ];
      const taken: string[] = [];
      for (const [i, terminal] of shops.entries()) {
        taken.push(await terminal.pay(`${(i + 1) * 1000}.00`));
        taken.push(await terminal.pay('10001.00')); // the sandbox declines this amount
        taken.push(await terminal.pay(`${(i + 1) * 7000}.50`));
      }
      await shops[0]?.engine.refund(taken[0] ?? '', {
        amount: 40000n,
        reason: 'salah harga',
        requestedBy: 'spv',
      });
      for (const terminal of shops) await until(() => terminal.link.status().pending === 0, 'synced');
      const date = shops[0]?.journal.findByPartnerReferenceNo(taken[0] ?? '')?.businessDate ?? '';
      const report = await until(async () => {
        const answer = (await rig.admin(`/api/v1/admin/report?date=${date}`)).json as MerchantDayReport;
        const mine = answer.shops.filter((s) => s.shop === 'Toko Anggrek' || s.shop === 'Toko Kenanga');
        return mine.flatMap((s) => s.terminals).reduce((n, t) => n + t.paid.count, 0) === 6
          ? answer
          : undefined;
      }, 'the report with all six paid sales');

      const ledger = sandbox.ledger();
      const byRef = new Map(ledger.transactions.map((t) => [t.partnerReferenceNo, t]));
      let paid = 0n;
      let refunded = 0n;
      for (const reference of taken) {
        const provider = byRef.get(reference);
        if (provider?.state === 'SUCCESS' || provider?.state === 'REFUNDED') paid += provider.amount;
        refunded += provider?.refunds.reduce((sum, r) => sum + r.amount, 0n) ?? 0n;
      }
      const mine = report.shops.filter((s) => s.shop === 'Toko Anggrek' || s.shop === 'Toko Kenanga');
      expect(mine.map((s) => [s.shop, s.terminals.map((t) => t.label)])).toEqual([
        ['Toko Anggrek', ['Kasir 1', 'Kasir 2']],
        ['Toko Kenanga', ['Kasir 1']],
      ]);
      const sum = (pick: (s: (typeof mine)[number]) => string) =>
        mine.reduce((n, s) => n + BigInt(pick(s)), 0n);
      expect(sum((s) => s.paid.totalMinor)).toBe(paid);
      expect(sum((s) => s.refunded.totalMinor)).toBe(refunded);
      expect(sum((s) => s.netMinor)).toBe(paid - refunded);
      const failed = mine
        .flatMap((s) => s.terminals)
        .reduce((n, t) => n + (t.payments.FAILED?.count ?? 0), 0);
      expect(failed).toBe(
        ledger.transactions.filter((t) => taken.includes(t.partnerReferenceNo) && t.state === 'FAILED')
          .length,
      );

      const csv = await rig.admin(`/api/v1/admin/report.csv?date=${date}`);
      expect(csv.status).toBe(200);
      for (const reference of taken) expect(csv.text).toContain(reference);
    });
  });
});
