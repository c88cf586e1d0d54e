// A sale at the sandboxed app core as the checkout screen makes it: scan a fresh customer QR from
// the running sandbox, then start the payment. Returns the IPC answer to payment:start.
import type { AppCore } from '../../../main/app/core';
import type { IpcResult } from '../../../preload/contract';
import type { ScanCheck } from '../../../preload/contract/payments';

export async function startSandboxSale(core: AppCore, amountMinor = '1000000'): Promise<IpcResult<unknown>> {
  const qr = core.cashier.backend()?.sandbox?.issueQr().qrContent ?? '';
  const scan = await core.dispatch('scan:check', { text: qr });
  if (!scan.ok) throw new Error(scan.error.code);
  return core.dispatch('payment:start', { scanId: (scan.value as ScanCheck).scanId, amountMinor });
}
