// A QR matrix as one SVG path: each run of dark modules in a row is one rectangle, in module units,
// inside a 4-module quiet zone. Drawn at an integer number of pixels per module with crisp edges,
// it stays sharp at any size (no resampling blur, no seams between modules).
import type { QrMatrix } from '../../../preload/contract/payments';

/** ISO/IEC 18004 asks for 4 modules of light margin on every side. */
export const QUIET_ZONE = 4;
/** Below this a counter scanner misreads a dense code from a screen. */
export const MIN_MODULE_PX = 4;

export function qrPath(matrix: QrMatrix): string {
  const parts: string[] = [];
  matrix.rows.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (row[x] !== '1') {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x] === '1') x++;
      parts.push(`M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h-${x - start}z`);
    }
  });
  return parts.join('');
}

/** Side of the whole symbol, quiet zone included, in modules. */
export function qrExtent(matrix: QrMatrix): number {
  return matrix.size + 2 * QUIET_ZONE;
}

/** The largest whole number of pixels per module that fits `maxPx`, never below the minimum. */
export function modulePixels(matrix: QrMatrix, maxPx: number): number {
  return Math.max(MIN_MODULE_PX, Math.floor(maxPx / qrExtent(matrix)));
}

/** The complete SVG document (for benchmarks and printing). */
export function qrSvg(matrix: QrMatrix, modulePx: number): string {
  const extent = qrExtent(matrix);
  const px = extent * Math.max(MIN_MODULE_PX, Math.trunc(modulePx));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px}" height="${px}" viewBox="0 0 ${extent} ${extent}" shape-rendering="crispEdges">` +
    `<rect width="${extent}" height="${extent}" fill="#fff"/><path d="${qrPath(matrix)}" fill="#000"/></svg>`
  );
}
