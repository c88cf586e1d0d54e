// A Klikoo callback through the merchant server: the Klikoo simulator POSTs a purchase's final
// status to the server's public callback URL; the server keeps it as a hint and routes it to the
// terminal whose purchases stream named that reference; the terminal's link hands it to the
// purchase engine, which confirms it with transaction detail before the purchase changes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../../main/server/db/database';
import { purchasesLink } from '../../../main/sync/purchases-link';
import type { ServerLink } from '../../../main/sync/server-link';
import { startServerLink } from '../../../main/sync/server-link';
import { sharedKeys } from '../payments/support';
import type { ServerRig } from '../server/support';
import { Databases, startServer, until } from '../server/support';
import type { PpobRig } from './support';
import { startPpobRig } from './support';

let databases: Databases;
let database: Database;
let server: ServerRig;
let rig: PpobRig;
let link: ServerLink;

beforeAll(async () => {
  const { provider } = await sharedKeys();
  databases = await Databases.start('embedded');
  database = await databases.open();
  server = await startServer(database, provider.publicKeyPem);
  rig = await startPpobRig({
    callbackUrl: server.server.klikooCallbackUrl,
    // Settled on its own after 300 ms (then Klikoo calls back), never by lookups; the buy itself
    // does not wait for it.
    sim: { waitingMs: 300, waitingLookups: 1_000 },
    policy: { settleMs: 0 },
  });
  link = startServerLink({
    dir: rig.dir,
    journal: rig.terminal.journal,
    engine: rig.terminal.engine,
    identity: { terminalId: 'PPOB-T1', merchantId: 'M1', sandbox: true },
    intervalMs: 100,
    ...purchasesLink(rig.terminal.journal, rig.ppob),
  });
  await link.enrol(server.server.publicUrl, await server.code());
  await until(() => link.status().state === 'connected', 'the terminal connected');
}, 60_000);

afterAll(async () => {
  await link?.close();
  await rig?.close();
  await server?.server.close();
  await databases?.stop();
});

it("settles a WAITING purchase when Klikoo's callback reaches it through the merchant server", async () => {
  const bought = await rig.ppob.buy({ productCode: 'TSEL10', customerNo: '081266669901' });
  expect(bought.purchase.state).toBe('WAITING');
  const settled = await until(() => {
    const details = rig.ppob.details(bought.purchase.partnerReferenceId);
    return details.purchase.state === 'SUCCESS' ? details : undefined;
  }, 'the purchase settled by the callback');
  const kinds = settled.events.map((e) => e.kind);
  // The hint came first and the provider's own answer settled it.
  expect(kinds).toContain('callback');
  expect(kinds.lastIndexOf('check')).toBeGreaterThan(kinds.indexOf('callback'));
  expect(settled.purchase.sn).toBe(
    rig.ppobSandbox.klikoo.ledger
      .snapshot()
      .purchases.find((p) => p.reference === bought.purchase.partnerReferenceId)?.sn,
  );
  // The purchase went to the server as its own stream, every event once.
  await until(() => link.status().pending === 0, 'everything uploaded');
});
