// The in-app sandbox plays the provider chosen in Settings, and the app's terminal speaks it: with
// DANA chosen, a payment goes over DANA's .htm paths, signed with RSA and no token, under a
// 25-character reference.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../main/app/backend';
import { startBackend } from '../../../main/app/backend';

let backend: Backend | undefined;
let dir: string | undefined;
afterEach(async () => {
  await backend?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the in-app sandbox with a variant chosen in Settings', () => {
  it.each(['dana', 'shopeepay', 'doku'] as const)(
    'plays %s and the terminal pays through it',
    async (variant) => {
      dir = mkdtempSync(join(tmpdir(), `kasir-backend-${variant}-`));
      const log: string[] = [];
      backend = await startBackend({
        dataDir: dir,
        provider: { kind: 'sandbox', variant },
        log: (l) => log.push(l),
      });
      expect(backend.sandbox?.variant).toBe(variant);
      const qr = backend.sandbox?.issueQr().qrContent ?? '';
      const result = await backend.engine.pay({ qrContent: qr, amount: 1_500_000n });
      expect(result.outcome).toBe('paid');
      expect(result.payment.partnerReferenceNo.length).toBeLessThanOrEqual(
        backend.sandbox?.rules.referenceMaxLength ?? 0,
      );
    },
  );
});
