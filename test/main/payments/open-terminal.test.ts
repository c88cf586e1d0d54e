// The one terminal assembly: PPOB opens only through the opener its caller hands in, and a PPOB
// section without one is refused rather than left closed by omission.
import { existsSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenedTerminal, TerminalConfig } from '../../../main/payments/open-terminal';
import { openTerminal } from '../../../main/payments/open-terminal';
import { openPpob } from '../../../main/ppob/open-ppob';
import { sharedKeys, tempDir } from './support';

const dirs: { remove: () => void }[] = [];
const opened: OpenedTerminal[] = [];

afterEach(() => {
  for (const terminal of opened.splice(0)) terminal.close();
  for (const dir of dirs.splice(0)) dir.remove();
});

/** A terminal configuration whose provider is never reached: opening a terminal sends nothing. */
async function config(withPpob: boolean): Promise<TerminalConfig> {
  const { demo } = await sharedKeys();
  const dir = tempDir('kasir-open-terminal-');
  dirs.push(dir);
  return {
    dataDir: dir.path,
    provider: {
      baseUrl: 'http://127.0.0.1:9',
      clientKey: demo.partner.clientKey,
      clientSecret: demo.partner.clientSecret,
      privateKey: demo.privateKeyPem,
      partnerId: demo.partner.clientKey,
      channelId: '95221',
      timeoutMs: 1_000,
    },
    terminal: {
      terminalId: 'A01',
      merchantId: '00007100010926',
      requestTimeoutMs: 1_000,
      utcOffset: '+07:00',
    },
    ...(withPpob
      ? {
          ppob: {
            klikoo: {
              baseUrl: 'http://127.0.0.1:9',
              clientId: 'KLIKOO-TEST',
              clientSecret: 'klikoo-secret',
              privateKey: demo.privateKeyPem,
              timeoutMs: 1_000,
            },
          },
        }
      : {}),
  };
}

describe('opening a terminal', () => {
  it('opens payments alone when the configuration has no PPOB section', async () => {
    const terminal = openTerminal(await config(false));
    opened.push(terminal);
    expect(terminal.ppob).toBeUndefined();
    expect(terminal.engine.unresolved()).toEqual([]);
  });

  it('opens the purchase engine through the opener it is given', async () => {
    const terminal = openTerminal(await config(true), { openPpob });
    opened.push(terminal);
    expect(terminal.ppob?.unresolved()).toEqual([]);
  });

  it('refuses a PPOB section without an opener before it creates or opens anything', async () => {
    const withPpob = await config(true);
    rmSync(withPpob.dataDir, { recursive: true, force: true });
    expect(() => openTerminal(withPpob)).toThrow(/openPpob/);
    expect(existsSync(withPpob.dataDir)).toBe(false);
    const again = openTerminal(withPpob, { openPpob });
    opened.push(again);
    expect(again.ppob).toBeDefined();
  });
});

describe('closing a terminal for a process that ends next (the kasir CLI)', () => {
  it('makes the relaxed commits durable and leaves the journal open', async () => {
    const terminal = openTerminal(await config(false));
    opened.push(terminal);
    const { journal } = terminal;
    const payment = journal.beginPayment({
      partnerReferenceNo: '2024050100000000000001',
      terminalId: 'A01',
      merchantId: '00007100010926',
      amount: 1_000_000n,
      currency: 'IDR',
      qrFingerprint: 'sha256:0123456789ab',
      externalId: '1',
      requestTimeoutMs: 1_000,
      deadlineAt: Date.now() + 100_000,
    });
    journal.updatePayment(
      payment.id,
      'SENDING',
      'PAID',
      { referenceNo: 'P-1' },
      { kind: 'answer' },
      'relaxed',
    );
    terminal.closeForExit();
    expect(journal.syncRelaxed()).toBe(false); // nothing left unsynced
    expect(journal.getPayment(payment.id)?.state).toBe('PAID'); // still open for reading
  });
});
