// The webcam's QR decoder: the Barcode Detection API polyfill on ZXing's WebAssembly build. The .wasm
// ships with the app (Vite emits it as a local asset) and the decoder is told to load it from there:
// the polyfill's default would fetch it from a CDN, which the CSP forbids and a shop may not reach.
// Loaded only when the camera is opened, so it costs the checkout nothing.

export interface QrDetector {
  detect(source: HTMLVideoElement | HTMLCanvasElement | ImageBitmap): Promise<{ rawValue: string }[]>;
}

let prepared: Promise<QrDetector> | null = null;

export function loadQrDetector(): Promise<QrDetector> {
  prepared ??= (async () => {
    const [{ BarcodeDetector, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([
      import('barcode-detector/ponyfill'),
      import('zxing-wasm/reader/zxing_reader.wasm?url'),
    ]);
    await prepareZXingModule({
      overrides: {
        locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path),
      },
      fireImmediately: true,
    });
    return new BarcodeDetector({ formats: ['qr_code'] });
  })();
  prepared.catch(() => {
    prepared = null;
  });
  return prepared;
}
