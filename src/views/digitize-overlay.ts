import { CARD_STYLES } from '../cards/drawing.ts';
import { formatSerial } from '../cards/serial.ts';
import type { PhotoRecord } from '../store/records.ts';
import { escapeXml } from '../text/xml.ts';

/**
 * The digitize result drawn over the photo: each card's outline (solid read, dashed to check, dotted unidentified)
 * with its serial at the middle of its own card, sized to fit inside it, so it never lands on a neighbour.
 */
export function overlaySvg(photo: PhotoRecord, jpegBase64: string): string {
  const w = photo.width!;
  const h = photo.height!;
  const stroke = Math.max(w, h) / 240;
  // Each label sits at the middle of its own card, sized to fit inside it, so it never lands on a neighbour;
  // the line's pattern says the same as its colour (solid read, dashed to check, dotted unidentified).
  const outline = (corners: number[][], colour: string, dash: string, label: string) => {
    const points = corners.map((p) => p.join(',')).join(' ');
    const cx = corners.reduce((sum, p) => sum + p[0]!, 0) / corners.length;
    const cy = corners.reduce((sum, p) => sum + p[1]!, 0) / corners.length;
    const width = Math.min(
      Math.hypot(corners[1]![0]! - corners[0]![0]!, corners[1]![1]! - corners[0]![1]!),
      Math.hypot(corners[2]![0]! - corners[3]![0]!, corners[2]![1]! - corners[3]![1]!),
    );
    const font = Math.max(
      8,
      Math.min(Math.max(w, h) / 60, (width * 0.85) / Math.max(6, label.length * 0.62)),
    );
    return `<polygon points="${points}" fill="none" stroke="${colour}" stroke-width="${stroke}"${dash ? ` stroke-dasharray="${dash}"` : ''}/><text x="${cx}" y="${cy}" text-anchor="middle" dominant-baseline="middle" font-size="${font}" font-family="sans-serif" font-weight="bold" fill="#fff" stroke="#000" stroke-width="${font / 10}" paint-order="stroke">${escapeXml(label)}</text>`;
  };
  const cards = (photo.cards ?? []).map((card) =>
    card.needsReview.length
      ? outline(card.corners, '#d35400', `${stroke * 4} ${stroke * 2}`, formatSerial(card.serial))
      : outline(card.corners, CARD_STYLES[card.type].accent, '', formatSerial(card.serial)),
  );
  const unknown = (photo.unidentified ?? []).map((u) =>
    outline(u.corners, '#c0392b', `${stroke} ${stroke * 1.5}`, '일련번호 확인 필요'),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}"><title>${escapeXml(photo.file)}</title><image href="data:image/jpeg;base64,${jpegBase64}" x="0" y="0" width="${w}" height="${h}"/>${cards.join('')}${unknown.join('')}</svg>`;
}
