import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireTerminalLock } from '../../../main/payments/terminal-lock';
import { tempDir } from './support';

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir('kasir-lock-');
});
afterEach(() => {
  dir.remove();
});

/** A separate process holding the terminal lock until it is killed. */
function holdInChild(terminalId: string): Promise<{ kill: () => Promise<void> }> {
  const code = `
    import { acquireTerminalLock } from ${JSON.stringify(new URL('../../../main/payments/terminal-lock.ts', import.meta.url).pathname)};
    acquireTerminalLock(process.argv[1], process.argv[2]);
    process.stdout.write('held\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', code, dir.path, terminalId],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve) => {
    child.stdout.once('data', () =>
      resolve({
        kill: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      }),
    );
  });
}

describe('the terminal lock', () => {
  it('is refused to a second holder in the same process until released', () => {
    const first = acquireTerminalLock(dir.path, 'T-01');
    expect(() => acquireTerminalLock(dir.path, 'T-01')).toThrow(
      expect.objectContaining({ code: 'TERMINAL_BUSY' }),
    );
    first.release();
    acquireTerminalLock(dir.path, 'T-01').release();
  });

  it('is independent per terminal', () => {
    const one = acquireTerminalLock(dir.path, 'T-01');
    const two = acquireTerminalLock(dir.path, 'T-02');
    one.release();
    two.release();
  });

  it('is refused while another process holds it, and free the instant that process is killed', async () => {
    const holder = await holdInChild('T-01');
    expect(() => acquireTerminalLock(dir.path, 'T-01')).toThrow(
      expect.objectContaining({ code: 'TERMINAL_BUSY' }),
    );
    await holder.kill();
    acquireTerminalLock(dir.path, 'T-01').release();
  });
});
