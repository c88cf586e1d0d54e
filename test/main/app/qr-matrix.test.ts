import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { qrMatrix } from '../../../main/app/qr-matrix';
import type { QrMatrix } from '../../../preload/contract/payments';
import { QUIET_ZONE } from '../../../renderer/src/components/qr-svg';

// A 512-character CPM payload: the longest qrContent SNAP allows.
const LONG_CPM = `hQVDUFYwMW${'A'.repeat(498)}+/==`;

/** The matrix as a scanner would see it on screen: 4 px per module, quiet zone included. */
function pixels(matrix: QrMatrix, px = 4) {
  const side = (matrix.size + 2 * QUIET_ZONE) * px;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  matrix.rows.forEach((row, y) => {
    [...row].forEach((bit, x) => {
      if (bit !== '1') return;
      for (let dy = 0; dy < px; dy++) {
        for (let dx = 0; dx < px; dx++) {
          const offset = (((y + QUIET_ZONE) * px + dy) * side + (x + QUIET_ZONE) * px + dx) * 4;
          data.fill(0, offset, offset + 3);
        }
      }
    });
  });
  return { data, width: side, height: side, colorSpace: 'srgb' as const };
}

describe('the customer QR matrix', () => {
  beforeAll(async () => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    await prepareZXingModule({
      overrides: {
        wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer,
      },
      fireImmediately: true,
    });
  });

  it('decodes back to the exact payload, + / = included, at error correction level M', async () => {
    const [read] = await readBarcodes(
      pixels(qrMatrix(LONG_CPM)) as unknown as Parameters<typeof readBarcodes>[0],
      { formats: ['QRCode'] },
    );
    expect(read?.text).toBe(LONG_CPM);
    expect(read?.ecLevel).toBe('M');
  });

  it('is square, one string of 0s and 1s per row', () => {
    const matrix = qrMatrix('hQVDUFYwMWFOTwdBAAAAVVVVVVAIUHJvZHVjdDE=');
    expect(matrix.rows).toHaveLength(matrix.size);
    expect(matrix.rows.every((row) => /^[01]+$/.test(row) && row.length === matrix.size)).toBe(true);
    // The finder pattern's top row: seven dark modules in the corner.
    expect(matrix.rows[0]?.slice(0, 7)).toBe('1111111');
  });
});
