// `kasir server` as the merchant runs it, on both databases: `kasir sandbox --notify-url` sends its
// signed notifies to it, terminals enrol and sync with `kasir enroll` and `kasir sync`, and a
// SIGKILLed server loses nothing it acknowledged.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../../main/payments/journal';
import { TERMINAL_API } from '../../../main/sync/protocol';
import type { HintView } from '../../../preload/contract/backoffice';
import { enrolByHttp, postSignedNotify, saleEntry, uploadEntries } from '../../support/merchant-server';
import { freePort } from '../../support/postgres';
import { sharedKeys, tempDir } from '../payments/support';
import type { KasirProcess } from './processes';
import { runKasir, startKasir } from './processes';
import { Databases, DB_KINDS, until } from './support';

describe.each(DB_KINDS)('kasir server on %s PostgreSQL', (kind) => {
  let databases: Databases;
  const dirs: { remove: () => void }[] = [];
  const running: KasirProcess[] = [];

  beforeAll(async () => {
    databases = await Databases.start(kind);
  }, 60_000);
  afterAll(async () => {
    for (const process of running) await process.kill();
    await databases?.stop();
    for (const dir of dirs) dir.remove();
  });

  function folder(prefix: string): string {
    const dir = tempDir(prefix);
    dirs.push(dir);
    return dir.path;
  }

  async function server(dataDir: string, port: number, keyFile: string, url?: string): Promise<KasirProcess> {
    const process = await startKasir(
      ['server', '--data-dir', dataDir, '--port', String(port), '--provider-key', keyFile],
      {
        cwd: join(dataDir, '..'),
        env: { KASIR_ADMIN_KEY: 'process-test-admin-key', DATABASE_URL: url ?? '' },
      },
    );
    running.push(process);
    return process;
  }

  async function admin(base: string, path: string, init: RequestInit = {}): Promise<unknown> {
    const response = await fetch(`${base}${path}`, {
      ...init,
      headers: { Authorization: 'Bearer process-test-admin-key', 'Content-Type': 'application/json' },
    });
    return response.json();
  }

  it('brings a notify from kasir sandbox --notify-url to the terminal that paid, live and after it reconnects', async () => {
    const work = folder('kasir-e2e-server-');
    const port = await freePort();
    const location = await databases.location();
    const sandbox = await startKasir(
      [
        'sandbox',
        '--notify-url',
        `http://127.0.0.1:${port}/v1.0/qr/qr-cpm-notify`,
        '--profile-dir',
        'sandbox',
      ],
      { cwd: work },
    );
    running.push(sandbox);
    const profile = String(sandbox.first.profile);
    const merchant = await server(
      join(work, 'server'),
      port,
      join(work, 'sandbox/provider-public-key.pem'),
      location.url,
    );
    const base = String(merchant.first.baseUrl);
    expect(merchant.first).toMatchObject({
      database: kind,
      notifyUrl: `${base}/v1.0/qr/qr-cpm-notify`,
      backOfficeUrl: `${base}/backoffice/`,
    });

    const env = { KASIR_ADMIN_KEY: 'process-test-admin-key' };
    const terminals = ['till-1', 'till-2'];
    for (const name of terminals) {
      const code = await runKasir(
        ['server', 'code', '--server', base, '--shop', 'Toko Sandbox', '--label', name],
        { cwd: work, env },
      );
      expect(code.code).toBe(0);
      const enrolled = await runKasir(
        [
          'enroll',
          '--server',
          base,
          '--code',
          JSON.parse(code.stdout).code,
          '--config',
          profile,
          '--data-dir',
          name,
        ],
        { cwd: work },
      );
      expect(enrolled.code, enrolled.stderr).toBe(0);
      expect(JSON.parse(enrolled.stdout)).toMatchObject({ shop: 'Toko Sandbox', label: name });
    }
    const follow = await startKasir(['sync', '--follow', '--config', profile, '--data-dir', 'till-1'], {
      cwd: work,
    });
    running.push(follow);

    const qr = async () =>
      (
        (await (
          await fetch(`${String(sandbox.first.baseUrl)}/sandbox/wallet/qr`, { method: 'POST' })
        ).json()) as { qrContent: string }
      ).qrContent;
    const paid = await runKasir(
      ['pay', '--config', profile, '--data-dir', 'till-1', '--qr', await qr(), '--amount', '15000.00'],
      { cwd: work },
    );
    expect(paid.code, paid.stderr).toBe(0);
    const reference = JSON.parse(paid.stdout).partnerReferenceNo as string;

    const notifiesIn = (dir: string) => {
      const journal = Journal.openReadOnly(join(work, dir, 'journal.sqlite'));
      try {
        const payment = journal.findByPartnerReferenceNo(reference);
        return payment ? journal.events(payment.id).filter((e) => e.kind === 'notify') : [];
      } finally {
        journal.close();
      }
    };
    await until(() => notifiesIn('till-1').length === 1, 'the notify applied on till-1', 20_000);
    expect(notifiesIn('till-1')[0]).toMatchObject({ providerStatus: '00' });

    // till-1 goes away; the refund's notify arrives meanwhile; it is delivered when till-1 is back.
    await follow.stop();
    const refund = await runKasir(
      [
        'refund',
        '--config',
        profile,
        '--data-dir',
        'till-1',
        '--ref',
        reference,
        '--amount',
        '5000.00',
        '--reason',
        'retur',
        '--by',
        'spv',
      ],
      { cwd: work },
    );
    expect(refund.code, refund.stderr).toBe(0);
    await until(
      async () => {
        const { hints } = (await admin(base, '/api/v1/admin/hints')) as { hints: HintView[] };
        return hints.some((h) => h.refs.includes(reference) && h.status === '04');
      },
      'the refund notify stored on the server',
      20_000,
    );
    expect(notifiesIn('till-1')).toHaveLength(1);
    const back = await startKasir(['sync', '--follow', '--config', profile, '--data-dir', 'till-1'], {
      cwd: work,
    });
    running.push(back);
    await until(() => notifiesIn('till-1').length === 2, 'the refund notify after the reconnect', 20_000);
    expect(notifiesIn('till-1')[1]).toMatchObject({ providerStatus: '04' });
    // till-2 never had the payment and heard nothing of it.
    const synced = await runKasir(['sync', '--config', profile, '--data-dir', 'till-2'], { cwd: work });
    expect(JSON.parse(synced.stdout)).toMatchObject({ sent: 0, pending: 0 });
    await back.stop();
    await merchant.stop();
    await sandbox.stop();
  }, 120_000);

  it('loses nothing it acknowledged when it is SIGKILLed mid-traffic', async () => {
    const { provider } = await sharedKeys();
    const work = folder('kasir-kill-server-');
    const keyFile = join(work, 'provider.pem');
    writeFileSync(keyFile, provider.publicKeyPem);
    const location = await databases.location();
    const port = await freePort();
    const dataDir = join(work, 'server');
    let merchant = await server(dataDir, port, keyFile, location.url);
    const base = String(merchant.first.baseUrl);
    const { code } = (await admin(base, '/api/v1/admin/enrolment-codes', {
      method: 'POST',
      body: JSON.stringify({ shop: 'Toko Kilat', label: 'Kasir 1' }),
    })) as { code: string };
    const token = await enrolByHttp(base, code, 'K1');

    const ackedNotifies: string[] = [];
    let ackedSeq = 0;
    let seq = 0;
    let n = 0;
    const notify = async () => {
      n += 1;
      const reference = `KILL-${n}`;
      const rawBody = JSON.stringify({
        originalPartnerReferenceNo: reference,
        merchantId: 'M1',
        amount: { value: '1000.00', currency: 'IDR' },
        latestTransactionStatus: '00',
      });
      const answer = await postSignedNotify(`${base}/v1.0/qr/qr-cpm-notify`, rawBody, provider.privateKeyPem);
      if (answer.status === 200 && answer.json.responseCode === '2007900') ackedNotifies.push(reference);
    };
    const upload = async () => {
      const entries = Array.from({ length: 20 }, () => {
        seq += 1;
        return saleEntry({
          seq,
          reference: `SYNC-${seq}`,
          terminalId: 'K1',
          amountMinor: '100000',
          state: 'PAID',
          businessDate: '2026-03-02',
          at: Date.now(),
        });
      });
      const answer = await uploadEntries(base, token, 'journal', entries);
      if (answer.status === 200 && answer.cursor !== undefined) ackedSeq = answer.cursor;
    };

    for (let round = 0; round < 2; round++) {
      const stopAt = Date.now() + 400 + Math.floor(Math.random() * 600);
      const traffic = async (send: () => Promise<void>) => {
        while (Date.now() < stopAt + 2_000) await send().catch(() => undefined);
      };
      const load = Promise.all([traffic(notify), traffic(notify), traffic(upload)]);
      await new Promise((resolve) => setTimeout(resolve, stopAt - Date.now()));
      await merchant.kill();
      await load; // every request after the kill fails: nothing more is acknowledged
      merchant = await server(dataDir, port, keyFile, location.url);
      // Resume where the server says it stands, as a terminal would.
      const cursors = (await (
        await fetch(`${base}${TERMINAL_API.sync}`, { headers: { Authorization: `Bearer ${token}` } })
      ).json()) as {
        cursors: Record<string, number>;
      };
      expect(cursors.cursors.journal ?? 0).toBeGreaterThanOrEqual(ackedSeq);
      seq = cursors.cursors.journal ?? 0;
    }
    await merchant.stop();
    expect(ackedNotifies.length).toBeGreaterThan(0);
    expect(ackedSeq).toBeGreaterThan(0);
    // Straight from the database the server left behind.
    const database = await databases.open(
      location.url === undefined ? { embeddedDir: join(dataDir, 'db') } : location,
    );
    try {
      const hints = await database.query<{ refs: string[] }>('SELECT refs FROM hints');
      const stored = new Set(hints.flatMap((h) => h.refs));
      expect(ackedNotifies.filter((reference) => !stored.has(reference))).toEqual([]);
      const entries = await database.query<{ seq: bigint }>(
        "SELECT seq FROM terminal_entries WHERE stream = 'journal' AND seq <= $1",
        [ackedSeq],
      );
      expect(entries).toHaveLength(ackedSeq);
      const ledger = await database.query<{ n: bigint }>(
        "SELECT count(*) AS n FROM ledger_payments WHERE partner_reference_no LIKE 'SYNC-%'",
      );
      expect(Number(ledger[0]?.n)).toBeGreaterThanOrEqual(ackedSeq);
    } finally {
      await database.close();
    }
  }, 120_000);
});
