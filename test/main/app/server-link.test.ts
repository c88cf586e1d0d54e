// The app's terminal and the merchant server: Settings enrol it with the server's one-time code
// (server:enrol), the sync badge follows its link (server:status events), and what the cashier
// takes reaches the merchant's ledger.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppCore, createAppCore } from '../../../main/app/core';
import { createKeyCipher } from '../../../main/vault/cipher';
import type { IpcResult } from '../../../preload/contract';
import type { PaymentsPage, PurchasesPage } from '../../../preload/contract/backoffice';
import type { PaymentView, ScanCheck } from '../../../preload/contract/payments';
import type { PurchaseView } from '../../../preload/contract/ppob';
import type { ServerLinkStatus } from '../../../preload/contract/server-link';
import { sharedKeys } from '../payments/support';
import type { ServerRig } from '../server/support';
import { Databases, startServer, until } from '../server/support';

function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
  return result.value as T;
}

describe("the app's link to the merchant server", () => {
  let core: AppCore;
  let databases: Databases;
  let rig: ServerRig;
  const statuses: ServerLinkStatus[] = [];

  beforeAll(async () => {
    const { provider } = await sharedKeys();
    databases = await Databases.start('embedded');
    rig = await startServer(await databases.open(), provider.publicKeyPem);
    core = await createAppCore({
      dataDir: mkdtempSync(join(tmpdir(), 'kasir-app-link-')),
      security: { cipher: createKeyCipher(randomBytes(32)) },
      cashier: { policy: { queryDelaysMs: [30] } },
    });
    core.onEvent((event, payload) => {
      if (event === 'server:status') statuses.push(payload as ServerLinkStatus);
    });
  }, 60_000);
  afterAll(async () => {
    await core?.close();
    await rig?.server.close();
    await databases?.stop();
  });

  it('starts not enrolled, and says so', async () => {
    expect(value<ServerLinkStatus>(await core.dispatch('server:status', undefined))).toMatchObject({
      state: 'not-enrolled',
      pending: 0,
      server: null,
    });
  });

  it('refuses a server address with a user name and password in it, before asking the server', async () => {
    const url = new URL(rig.server.baseUrl);
    url.username = 'admin';
    url.password = 'secret';
    const answer = await core.dispatch('server:enrol', { serverUrl: url.href, code: 'SOME-CODE0' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'IPC_BAD_PAYLOAD' } });
    expect(JSON.stringify(answer)).not.toContain('secret');
  });

  it('refuses a wrong code with the server’s reason and stays not enrolled', async () => {
    const answer = await core.dispatch('server:enrol', {
      serverUrl: rig.server.baseUrl,
      code: 'WRONG-CODE0',
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'ENROLMENT_CODE_INVALID' } });
    expect(value<ServerLinkStatus>(await core.dispatch('server:status', undefined)).state).toBe(
      'not-enrolled',
    );
  });

  it('enrols with the code, connects, and sends what the cashier takes to the merchant ledger', async () => {
    const status = value<ServerLinkStatus>(
      await core.dispatch('server:enrol', {
        serverUrl: rig.server.baseUrl,
        code: await rig.code('Toko App', 'Kasir 1'),
      }),
    );
    expect(status).toMatchObject({ server: rig.server.baseUrl, shop: 'Toko App', label: 'Kasir 1' });
    await until(() => statuses.at(-1)?.state === 'connected', 'a connected badge');

    const sandbox = core.cashier.backend()?.sandbox;
    const scan = value<ScanCheck>(
      await core.dispatch('scan:check', { text: sandbox?.issueQr().qrContent ?? '' }),
    );
    const started = value<PaymentView>(
      await core.dispatch('payment:start', { scanId: scan.scanId, amountMinor: '1234500' }),
    );
    await until(
      async () => value<PaymentView | null>(await core.dispatch('payment:active', undefined)) === null,
      'settled',
    );
    const page = await until(async () => {
      const answer = (await rig.admin('/api/v1/admin/payments')).json as PaymentsPage;
      return answer.items.find(
        (p) => p.partnerReferenceNo === started.partnerReferenceNo && p.state === 'PAID',
      );
    }, 'the payment on the server');
    expect(page).toMatchObject({ shop: 'Toko App', amountMinor: '1234500' });
    await until(() => statuses.at(-1)?.pending === 0, 'nothing pending');
  });

  it('sends the digital products sold at the counter to the merchant ledger too, the number masked', async () => {
    const sold = value<PurchaseView>(
      await core.dispatch('ppob:sell', {
        provider: 'klikoo',
        productCode: 'TSEL10',
        customerNo: '081234567890',
        payment: { method: 'cash', receivedMinor: '2000000' },
      }),
    );
    const onServer = await until(async () => {
      const answer = (await rig.admin('/api/v1/admin/purchases?limit=500')).json as PurchasesPage;
      return answer.items.find((p) => p.partnerReferenceId === sold.reference && p.state === 'SUCCESS');
    }, 'the purchase on the server');
    expect(onServer).toMatchObject({ shop: 'Toko App', productCode: 'TSEL10', paidBy: 'cash' });
    expect(onServer.customerNo).not.toContain('081234567890'.slice(0, 8));
    expect(onServer.customerNo.endsWith('7890')).toBe(true);
  });

  it('forgets the server on request, leaving the journal as it was', async () => {
    const status = value<ServerLinkStatus>(await core.dispatch('server:forget', undefined));
    expect(status).toMatchObject({ state: 'not-enrolled', server: null });
    expect(statuses.at(-1)?.state).toBe('not-enrolled');
  });
});
