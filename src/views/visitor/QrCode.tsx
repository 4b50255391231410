import { qrMatrix, qrRuns } from '../../cards/qr.ts';

/** A QR code as inline SVG (no image request, no script), drawn from the same matrix as the printed card. */
export function QrCode(props: { text: string; label: string }) {
  const matrix = qrMatrix(props.text);
  const quiet = 4;
  const size = matrix.size + 2 * quiet;
  const path = qrRuns(matrix)
    .map((run) => `M${run.x + quiet} ${run.y + quiet}h${run.w}v1h-${run.w}z`)
    .join('');
  return (
    <svg class="qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={props.label}>
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
