import type { QrMatrix } from '../../../preload/contract/payments';
import { modulePixels, qrExtent, qrPath } from './qr-svg';

export function QrCode({ matrix, maxPx, label }: { matrix: QrMatrix; maxPx: number; label: string }) {
  const extent = qrExtent(matrix);
  const px = extent * modulePixels(matrix, maxPx);
  return (
    <svg
      className="qr"
      role="img"
      aria-label={label}
      width={px}
      height={px}
      viewBox={`0 0 ${extent} ${extent}`}
      shapeRendering="crispEdges"
      data-modules={matrix.size}
    >
      <rect width={extent} height={extent} fill="#fff" />
      <path d={qrPath(matrix)} fill="#000" />
    </svg>
  );
}
