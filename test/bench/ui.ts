// The cashier UI's numbers for `npm run bench`: how much JavaScript the renderer ships (gzipped), how
// long a 512-character CPM QR takes to become a drawable SVG, and how long a 512-character wedge scan
// takes from its first keystroke to a validated scan (the wedge detector, then main's scan check).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { resolveConfig } from 'electron-vite';
import { build, type InlineConfig } from 'vite';
import { qrMatrix } from '../../main/app/qr-matrix';
import { ScanRegistry } from '../../main/app/scan-registry';
import { encodeCpmPayload } from '../../main/cpm/encode-payload';
import { decodeCpmPayload } from '../../main/cpm/payload';
import { qrFingerprint } from '../../main/payments/references';
import { rendererCsp } from '../../renderer/csp';
import { createWedgeListener } from '../../renderer/scanner/wedge-listener';
import { qrSvg } from '../../renderer/src/components/qr-svg';

type Results = Record<string, number | string>;

/** A real CPM payload of exactly 512 characters, the longest qrContent SNAP allows. */
export function longestCpmPayload(): string {
  const payload = encodeCpmPayload({
    applications: [
      {
        adfNameHex: 'A0000006021010',
        label: 'SANDBOX QRIS',
        pan: '9360000100000012',
        cardholderName: 'BUDI SANTOSO',
        issuerUrl: `https://wallet.example/${'x'.repeat(200)}`,
        last4: '0012',
        issuerData: {
          cryptogramHex: '0102030405060708',
          cryptogramInfoHex: '80',
          atc: 1,
          unpredictableNumberHex: '01020304',
        },
      },
    ],
    commonData: { issuerUrl: `https://wallet.example/${'y'.repeat(34)}` },
  });
  if (payload.length !== 512) throw new Error(`expected 512 characters, built ${payload.length}`);
  return payload;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

interface Weights {
  initial: number;
  all: number;
  wasm: number;
}

/** Weighs a built renderer's JavaScript, gzipped: what index.html loads, and every chunk. */
function weigh(outDir: string): Weights {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]));
  const weights: Weights = { initial: 0, all: 0, wasm: 0 };
  for (const name of readdirSync(join(outDir, 'assets'))) {
    const file = readFileSync(join(outDir, 'assets', name));
    if (name.endsWith('.wasm')) weights.wasm += file.length;
    if (!name.endsWith('.js')) continue;
    const gzipped = gzipSync(file, { level: 9 }).length;
    weights.all += gzipped;
    if (initial.has(`assets/${name}`)) weights.initial += gzipped;
  }
  return weights;
}

async function buildInto(config: InlineConfig): Promise<Weights> {
  const outDir = mkdtempSync(join(tmpdir(), 'kasir-bench-renderer-'));
  try {
    await build({
      ...config,
      configFile: false,
      logLevel: 'error',
      build: { ...config.build, outDir, emptyOutDir: true },
    });
    return weigh(outDir);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * The renderer exactly as `npm run build` ships it (electron-vite's resolved renderer config), and,
 * for comparison, the same sources through Vite's default production build (minified).
 */
async function rendererSize(): Promise<Results> {
  const root = resolve(import.meta.dirname, '../..');
  const resolved = await resolveConfig(
    { configFile: join(root, 'electron.vite.config.ts'), root, logLevel: 'error' },
    'build',
    'production',
  );
  const renderer = resolved.config?.renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer');
  const shipped = await buildInto(renderer as InlineConfig);
  const minified = await buildInto({
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react(), rendererCsp()],
  });
  return {
    'ui.rendererJsGzipBytes': shipped.initial,
    'ui.rendererJsGzipBytesAllChunks': shipped.all,
    'ui.rendererJsGzipBytesIfMinified': minified.initial,
    'ui.webcamDecoderWasmBytes': shipped.wasm,
  };
}

/** Matrix (qrcode, level M) plus the SVG the customer display draws, for a 512-character payload. */
function qrRenderTime(payload: string): Results {
  for (let i = 0; i < 5; i++) qrSvg(qrMatrix(payload), 4);
  const runs: number[] = [];
  let modules = 0;
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    const matrix = qrMatrix(payload);
    qrSvg(matrix, 4);
    runs.push(performance.now() - started);
    modules = matrix.size;
  }
  return { 'ui.qrRender512Ms': round(median(runs)), 'ui.qrRender512Modules': modules };
}

/**
 * 512 keystrokes 2 ms apart (as a scanner types them) and Enter, through the wedge detector, then the
 * scan check main runs (base64, BER-TLV, duplicate check). Timestamps are the scanner's; the time
 * measured is the processing, which is what the cashier waits for once the scanner stops.
 */
function scanTime(payload: string): Results {
  const registry = new ScanRegistry({
    decode(text) {
      const decoded = decodeCpmPayload(text);
      return {
        qrContent: text,
        fingerprint: qrFingerprint(text),
        wallet: { label: decoded.display.label ?? null, last4: decoded.display.last4 ?? null },
      };
    },
    now: () => Date.now(),
    newId: () => `bench-${Math.random().toString(36).slice(2, 12)}`,
  });
  const runs: number[] = [];
  for (let run = 0; run < 60; run++) {
    let scanned: string | undefined;
    const listener = createWedgeListener({
      now: () => 0,
      timer: { set: () => 0, clear: () => undefined },
      onScan: (scan) => {
        scanned = scan.text;
      },
      onTyping: () => undefined,
    });
    const started = performance.now();
    let at = 1000;
    for (const key of payload) {
      listener.handleKey({ key, timeStamp: at });
      at += 2;
    }
    listener.handleKey({ key: 'Enter', timeStamp: at });
    if (scanned !== payload) throw new Error('the wedge detector did not return the payload intact');
    const checked = registry.check(scanned);
    const elapsed = performance.now() - started;
    if (checked.wallet.last4 !== '0012') throw new Error('the scan check did not read the wallet');
    registry.clear();
    listener.dispose();
    if (run >= 10) runs.push(elapsed);
  }
  return {
    'ui.scan512KeystrokeToValidatedMs': round(median(runs)),
    'ui.scan512ScannerTypingMs': payload.length * 2,
  };
}

export async function runUiBenchmarks(): Promise<Record<string, number | string>> {
  const payload = longestCpmPayload();
  return {
    ...(await rendererSize()),
    ...qrRenderTime(payload),
    ...scanTime(payload),
  };
}
