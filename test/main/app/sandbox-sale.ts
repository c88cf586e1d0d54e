// A sale at the sandboxed app core as the checkout screen makes it: scan a fresh customer QR from
// the running sandbox, then start the payment. Returns the IPC answer to payment:start. And the app
// core the counter tests drive: on the embedded sandbox, with policies quick enough for a test.
import { randomBytes } from 'node:crypto';
import type { AppCore, AppCoreOptions } from '../../../main/app/core';
import { createAppCore } from '../../../main/app/core';
import { createKeyCipher } from '../../../main/vault/cipher';
import type { IpcResult } from '../../../preload/contract';
import type { ScanCheck } from '../../../preload/contract/payments';

export async function startSandboxSale(core: AppCore, amountMinor = '1000000'): Promise<IpcResult<unknown>> {
  const qr = core.cashier.backend()?.sandbox?.issueQr().qrContent ?? '';
  const scan = await core.dispatch('scan:check', { text: qr });
  if (!scan.ok) throw new Error(scan.error.code);
  return core.dispatch('payment:start', { scanId: (scan.value as ScanCheck).scanId, amountMinor });
}

/**
 * The app core on the embedded sandbox (QRIS, Klikoo, DOKU) in `dataDir`: payments queried every
 * 50 ms, purchases checked after 100 ms, a WAITING purchase settling after 400 ms; `cashier` adds
 * the printer and anything else.
 */
export function openCounterCore(dataDir: string, cashier: AppCoreOptions['cashier'] = {}): Promise<AppCore> {
  return createAppCore({
    dataDir,
    security: { cipher: createKeyCipher(randomBytes(32)) },
    cashier: {
      policy: { queryDelaysMs: [50] },
      ppobPolicy: { checkDelaysMs: [100], confirmNotFoundMs: 50 },
      ppobSandbox: { waitingMs: 400, waitingLookups: 2 },
      ...cashier,
    },
  });
}
