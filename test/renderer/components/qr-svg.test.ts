import { describe, expect, it } from 'vitest';
import type { QrMatrix } from '../../../preload/contract/payments';
import { modulePixels, QUIET_ZONE, qrExtent, qrPath, qrSvg } from '../../../renderer/src/components/qr-svg';

function matrix(rows: string[]): QrMatrix {
  return { size: rows.length, rows };
}

describe('drawing a QR matrix', () => {
  it('draws each run of dark modules as one rectangle, offset by the 4-module quiet zone', () => {
    expect(qrPath(matrix(['110', '001', '000']))).toBe('M4 4h2v1h-2zM6 5h1v1h-1z');
  });

  it('leaves a light row out of the path entirely', () => {
    expect(qrPath(matrix(['000', '000', '000']))).toBe('');
  });

  it('sizes the symbol as the modules plus a quiet zone on both sides', () => {
    expect(QUIET_ZONE).toBe(4);
    expect(qrExtent({ size: 21, rows: [] })).toBe(29);
  });

  it('uses the largest whole number of pixels per module that fits, never fewer than 4', () => {
    expect(modulePixels({ size: 21, rows: [] }, 300)).toBe(10);
    expect(modulePixels({ size: 85, rows: [] }, 300)).toBe(4);
    expect(modulePixels({ size: 177, rows: [] }, 300)).toBe(4);
  });

  it('makes a complete, crisp SVG document at a whole pixel size', () => {
    const svg = qrSvg(matrix(['1']), 4.7);
    expect(svg).toContain('width="36" height="36" viewBox="0 0 9 9" shape-rendering="crispEdges"');
    expect(svg).toContain('<rect width="9" height="9" fill="#fff"/>');
    expect(svg).toContain('<path d="M4 4h1v1h-1z" fill="#000"/>');
  });
});
