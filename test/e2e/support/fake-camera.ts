// A webcam that films a QR code: Chromium's fake capture device plays a Y4M file, and this writes
// one whose every frame shows the given QR matrix, black on white, at a whole pixel size per module.
import { writeFileSync } from 'node:fs';
import type { QrMatrix } from '../../../preload/contract/payments';

const QUIET_ZONE = 4;

export function writeQrVideo(file: string, matrix: QrMatrix, side = 480): void {
  const extent = matrix.size + 2 * QUIET_ZONE;
  const px = Math.floor(side / extent);
  const offset = Math.floor((side - extent * px) / 2);
  const luma = Buffer.alloc(side * side, 235);
  matrix.rows.forEach((row, y) => {
    [...row].forEach((bit, x) => {
      if (bit !== '1') return;
      for (let dy = 0; dy < px; dy++) {
        const start = (offset + (y + QUIET_ZONE) * px + dy) * side + offset + (x + QUIET_ZONE) * px;
        luma.fill(16, start, start + px);
      }
    });
  });
  const chroma = Buffer.alloc((side / 2) * (side / 2) * 2, 128);
  const header = Buffer.from(`YUV4MPEG2 W${side} H${side} F10:1 Ip A1:1 C420jpeg\n`);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  writeFileSync(file, Buffer.concat([header, frame, frame]));
}
