// Reads a QR code out of a screenshot, the way a scanner would see it on screen: ZXing's WebAssembly
// build (the same decoder the app's webcam scanning uses), loaded from the local package, no CDN.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

const require = createRequire(import.meta.url);
let ready: Promise<unknown> | undefined;

function prepare(): Promise<unknown> {
  ready ??= (async () => {
    const wasm = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const binary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer;
    return prepareZXingModule({ overrides: { wasmBinary: binary }, fireImmediately: true });
  })();
  return ready;
}

/** The text of the one QR code in a PNG image; throws when there is none or it does not decode. */
export async function readQrFromPng(png: Uint8Array): Promise<string> {
  await prepare();
  const results = await readBarcodes(png, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 });
  const first = results.find((result) => result.isValid);
  if (!first) throw new Error('No readable QR code in the image');
  return first.text;
}
