// `npm start`: make sure Electron's binary is there (Electron ≥ 42 fetches it lazily and electron-vite
// does not trigger that), then build and launch. Without the binary, say so in one sentence.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

function fail(sentence: string): never {
  process.stderr.write(`${sentence}\n`);
  process.exit(1);
}

const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
  stdio: ['ignore', 'pipe', 'pipe'],
  timeout: 15 * 60_000,
  encoding: 'utf8',
});
if (install.status !== 0) {
  const reason =
    (install.stderr || install.error?.message || '').split('\n').find((line) => line.trim()) ?? '';
  fail(
    `Kasir CPM cannot start: the Electron ${require('electron/package.json').version} binary is not installed and could not be downloaded${reason ? ` (${reason.trim()})` : ''}; connect to the internet and run "npm start" again, or run "npx kasir --help" for the headless core.`,
  );
}

const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [electronVite, 'preview'], {
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
