import {
  type Box,
  CARD_HEIGHT,
  CARD_WIDTH,
  type CheckboxSpec,
  type Layout,
  SATISFACTION_LABELS,
} from '../profile/card-layout.ts';
import type { Profile } from '../profile/schema.ts';
import type { CardType } from '../store/records.ts';
import { type FontName, PT_TO_MM, textWidth, wrapAfter, wrapText } from './fonts.ts';
import { qrMatrix, qrRuns } from './qr.ts';
import { cardUrl, formatSerial } from './serial.ts';

/**
 * A card as a list of drawing primitives in millimetres. Both the PDF and the SVG/PNG renderers draw from
 * this list, so the printed card and the card images are the same card. Text is wrapped here, with the
 * font's real metrics, so every renderer sets exactly the same lines.
 */
export type Shape =
  | {
      kind: 'rect';
      x: number;
      y: number;
      w: number;
      h: number;
      fill?: string;
      stroke?: string;
      lineWidth?: number;
      radius?: number;
    }
  | {
      kind: 'line';
      x1: number;
      y1: number;
      x2: number;
      y2: number;
      stroke: string;
      lineWidth: number;
      dash?: number[];
    }
  | {
      kind: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      font: FontName;
      fill: string;
      spacing?: number;
    }
  | {
      kind: 'qr';
      x: number;
      y: number;
      size: number;
      modules: number;
      runs: { x: number; y: number; w: number }[];
    };

export interface CardStyle {
  accent: string;
  tint: string;
  ink: string;
  title: string;
  subtitle: string;
  titleEn: string;
}

export const CARD_STYLES: Record<CardType, CardStyle> = {
  green: {
    accent: '#1b7a3a',
    tint: '#e3f3e8',
    ink: '#0f4d24',
    title: '그린카드',
    subtitle: '칭찬 · 제안',
    titleEn: 'Green card · praise & suggestions',
  },
  yellow: {
    accent: '#e0a800',
    tint: '#fff4cc',
    ink: '#5c4300',
    title: '옐로카드',
    subtitle: '불편 · 불만',
    titleEn: 'Yellow card · complaints',
  },
};

const BLACK = '#000000';
const TEXT = '#1a1a1a';
const RULE = '#9c9c9c';
const LINE_GAP = 1.25;
/** The card's left margin (mm) and the gap between a checkbox and its label. */
const MARGIN_X = 8;
const BOX_GAP = 1.1;

export interface CardContent {
  type: CardType;
  serial: string;
  publicBaseUrl: string;
}

function ruleDays(profile: Profile, id: string): string {
  const rule = profile.rules.find((r) => r.id === id);
  if (!rule) return '';
  return rule.unit === 'hours' ? `${rule.amount}시간` : `${rule.amount}일`;
}

export function instructionText(profile: Profile, type: CardType): string {
  return type === 'green'
    ? `칭찬하고 싶은 직원·서비스나 더 좋아질 점을 적어 카드함에 넣어 주세요. 개선 결과는 ${ruleDays(profile, 'suggestion')} 이내에 알려 드립니다.`
    : `불편했던 점이나 불만을 적어 카드함에 넣어 주세요. ${ruleDays(profile, 'dissatisfaction')} 이내에 검토하여 결과를 알려 드립니다.`;
}

/** What the consent is for, in the words of the law's four points (purpose, items, retention, the right to
 * refuse and what refusing means): on the card after the box's own words, on the form after its heading. */
export function consentDetails(profile: Profile): string {
  const p = profile.privacy;
  return `목적: ${p.purpose} · 항목: ${p.items} · 보유기간: ${p.retentionText}. 동의하지 않으셔도 되며, 이 경우 개별 답변 대신 QR로 결과를 확인하실 수 있습니다.`;
}

export function consentText(profile: Profile): string {
  return `[선택] 개인정보 수집·이용 동의 — ${consentDetails(profile)}`;
}

/** Consent wording is printed no smaller than this (pt) when it fits its three lines; a longer profile
 * wording is set smaller rather than run into the tear-off line. */
export const CONSENT_SIZE = 7;

export function drawCard(layout: Layout, profile: Profile, content: CardContent): Shape[] {
  const style = CARD_STYLES[content.type];
  const shapes: Shape[] = [];
  const text = (x: number, y: number, value: string, size: number, font: FontName = 'regular', fill = TEXT) =>
    shapes.push({ kind: 'text', x, y, text: value, size, font, fill });
  const paragraph = (
    x: number,
    y: number,
    value: string,
    size: number,
    width: number,
    font: FontName = 'regular',
  ) => {
    const lines = wrapText(value, font, size, width);
    lines.forEach((line, i) => {
      text(x, y + i * size * PT_TO_MM * LINE_GAP, line, size, font);
    });
    return y + lines.length * size * PT_TO_MM * LINE_GAP;
  };
  const url = cardUrl(content.publicBaseUrl, content.serial);

  // Frame in the type colour, broken around the corner marks so that in a blurred photo no line runs into a
  // mark (3 mm of clear paper around each), a tinted title band, and the corner marks.
  const edge = 1.2;
  const frame = (x1: number, y1: number, x2: number, y2: number) =>
    shapes.push({ kind: 'line', x1, y1, x2, y2, stroke: style.accent, lineWidth: 0.6 });
  const clear = (mark: { x: number; y: number; size: number }) => mark.size / 2 + 3;
  const [topLeft, topRight, bottomRight] = layout.fiducials as [
    Layout['fiducials'][0],
    Layout['fiducials'][0],
    Layout['fiducials'][0],
  ];
  frame(topLeft.x + clear(topLeft), edge, topRight.x - clear(topRight), edge);
  for (const x of [edge, CARD_WIDTH - edge]) {
    frame(x, topLeft.y + clear(topLeft), x, bottomRight.y - clear(bottomRight));
    frame(x, bottomRight.y + clear(bottomRight), x, CARD_HEIGHT - edge);
  }
  frame(edge, CARD_HEIGHT - edge, CARD_WIDTH - edge, CARD_HEIGHT - edge);
  shapes.push({ kind: 'rect', x: 10, y: 8.6, w: 51.5, h: 8.6, fill: style.tint, radius: 1.2 });
  for (const mark of layout.fiducials) {
    shapes.push({
      kind: 'rect',
      x: mark.x - mark.size / 2,
      y: mark.y - mark.size / 2,
      w: mark.size,
      h: mark.size,
      fill: BLACK,
    });
  }

  text(10, 3.6, profile.institution.name, 7, 'bold', style.ink);
  text(11, 9.1, style.title, 16, 'bold', style.ink);
  text(11 + textWidth(style.title, 'bold', 16) + 2.5, 11.6, style.subtitle, 10, 'bold', style.ink);
  paragraph(10, 18.6, instructionText(profile, content.type), 6.6, 51);

  const serial = layout.serialText;
  text(8.5, serial.y + 1.7, '일련번호', 6, 'regular');
  const printed = formatSerial(content.serial);
  shapes.push({
    kind: 'text',
    x: serial.x + 0.3,
    y: serial.y + 0.5,
    text: printed,
    size: fittingSize(printed, 'bold', 12.5, 0.5, serial.w - 0.6),
    font: 'bold',
    fill: BLACK,
    spacing: 0.5,
  });

  const qr = layout.qr;
  shapes.push(qrShape(url, qr.x, qr.y, qr.size));
  const caption = 'QR로 온라인 작성·결과 확인';
  text(
    qr.x + qr.size / 2 - textWidth(caption, 'regular', 5.6) / 2,
    qr.y + qr.size + qr.quietZone + 0.2,
    caption,
    5.6,
  );

  drawChoices(shapes, layout, profile);

  for (const field of layout.fields) {
    if (field.kind === 'text' && field.id === 'message') {
      text(field.x, field.y - 3.4, '내용', 7, 'bold');
      const pitch = field.h / field.lines;
      for (let i = 1; i <= field.lines; i++) {
        const y = field.y + i * pitch;
        shapes.push({
          kind: 'line',
          x1: field.x,
          y1: y,
          x2: field.x + field.w,
          y2: y,
          stroke: RULE,
          lineWidth: 0.2,
        });
      }
    } else if (field.kind === 'text') {
      text(10.2, field.y + 0.6, field.label, 6.8, 'bold');
      shapes.push({
        kind: 'line',
        x1: field.x,
        y1: field.y + field.h,
        x2: field.x + field.w,
        y2: field.y + field.h,
        stroke: RULE,
        lineWidth: 0.2,
      });
    } else {
      const first = field.boxes[0]!;
      const label = `${field.label} ${field.prefix} -`;
      text(first.x - textWidth(label, 'bold', 6.8) - 1, first.y + 1.3, label, 6.8, 'bold');
      field.boxes.forEach((box, i) => {
        shapes.push({ kind: 'rect', x: box.x, y: box.y, w: box.w, h: box.h, stroke: RULE, lineWidth: 0.25 });
        if (i === 3) text(box.x + box.w + 0.5, box.y + 1.3, '-', 6.8, 'bold');
      });
    }
  }

  drawStub(shapes, layout, profile, content, style, url);
  return shapes;
}

/** The checkboxes with their headings and labels, and the consent box's wording beside it. */
function drawChoices(shapes: Shape[], layout: Layout, profile: Profile): void {
  const text = (x: number, y: number, value: string, size: number, font: FontName = 'regular') =>
    shapes.push({ kind: 'text', x, y, text: value, size, font, fill: TEXT });
  const group = (name: CheckboxSpec['group']) => layout.checkboxes.filter((b) => b.group === name);
  const areas = group('area');
  const satisfaction = group('satisfaction');
  const beside = (box: CheckboxSpec, value: string, size: number, font: FontName = 'regular') =>
    text(box.x + box.w + BOX_GAP, centredOn(box, size), value, size, font);
  if (areas[0]) text(MARGIN_X, areas[0].y - 3.8, '이용하신 곳 (여러 개 선택 가능)', 7, 'bold');
  if (satisfaction[0]) text(MARGIN_X, centredOn(satisfaction[0], 7), '전반적인 만족도', 7, 'bold');
  const columns = [...new Set(areas.map((b) => b.x))].sort((a, b) => a - b);
  const column = columns.length > 1 ? columns[1]! - columns[0]! : CARD_WIDTH - 2 * MARGIN_X;
  for (const box of layout.checkboxes) {
    shapes.push({ kind: 'rect', x: box.x, y: box.y, w: box.w, h: box.h, stroke: BLACK, lineWidth: 0.3 });
    if (box.group === 'area') {
      const room = column - box.w - BOX_GAP - 1.5;
      beside(box, box.label, fittingSize(box.label, 'regular', 6.8, 0, room));
    } else if (box.group === 'satisfaction') {
      beside(box, SATISFACTION_LABELS[satisfaction.indexOf(box)]!.ko, 6.4);
    } else if (box.group === 'reply') beside(box, box.label, 6.8, 'bold');
    else drawConsent(shapes, box, profile);
  }
}

/**
 * The consent box's own words (as on the online form) in bold, run in with what the consent is for, on three
 * lines at `CONSENT_SIZE` — or smaller if a profile's wording is longer — between the corner marks' clear
 * paper (the text starts right of the box, ends 10 mm from the edge).
 */
function drawConsent(shapes: Shape[], box: CheckboxSpec, profile: Profile): void {
  const x = box.x + box.w + 1.2;
  const width = CARD_WIDTH - 10.1 - x;
  const heading = `${box.label} (선택)`;
  const details = consentDetails(profile);
  let size = CONSENT_SIZE;
  const layoutAt = (pt: number) =>
    wrapAfter(textWidth(heading, 'bold', pt) + 1.2, details, 'regular', pt, width);
  while (size > 5 && layoutAt(size).length > 3) size = Math.round((size - 0.2) * 10) / 10;
  const pitch = size * PT_TO_MM * LINE_GAP;
  const top = centredOn(box, size);
  shapes.push({ kind: 'text', x, y: top, text: heading, size, font: 'bold', fill: TEXT });
  layoutAt(size).forEach((line, i) => {
    const indent = i === 0 ? textWidth(heading, 'bold', size) + 1.2 : 0;
    if (line)
      shapes.push({
        kind: 'text',
        x: x + indent,
        y: top + i * pitch,
        text: line,
        size,
        font: 'regular',
        fill: TEXT,
      });
  });
}

function drawStub(
  shapes: Shape[],
  layout: Layout,
  profile: Profile,
  content: CardContent,
  style: CardStyle,
  url: string,
) {
  const stub = layout.stub;
  shapes.push({
    kind: 'line',
    x1: 1.2,
    y1: stub.perforationY,
    x2: CARD_WIDTH - 1.2,
    y2: stub.perforationY,
    stroke: '#555555',
    lineWidth: 0.3,
    dash: [1.2, 1],
  });
  const cut = '✂ 절취선 — 아래를 떼어 보관하세요';
  shapes.push({
    kind: 'rect',
    x: 50 - textWidth(cut, 'regular', 5.4) / 2 - 1,
    y: stub.perforationY - 1.2,
    w: textWidth(cut, 'regular', 5.4) + 2,
    h: 2.4,
    fill: '#ffffff',
  });
  shapes.push({
    kind: 'text',
    x: 50 - textWidth(cut, 'regular', 5.4) / 2,
    y: stub.perforationY - 1.05,
    text: cut,
    size: 5.4,
    font: 'regular',
    fill: '#555555',
  });
  shapes.push(qrShape(url, stub.qr.x, stub.qr.y, stub.qr.size));
  const x = stub.qr.x + stub.qr.size + 4;
  shapes.push({
    kind: 'text',
    x,
    y: stub.y + 3.6,
    text: `보관용 확인증 · ${style.title}`,
    size: 8,
    font: 'bold',
    fill: style.ink,
  });
  shapes.push({
    kind: 'text',
    x,
    y: stub.y + 7.4,
    text: formatSerial(content.serial),
    size: 11,
    font: 'bold',
    fill: BLACK,
    spacing: 0.4,
  });
  const note = '이 QR을 찍으면 처리 상황과 결과를 볼 수 있습니다. 연락처를 남기지 않으셔도 됩니다.';
  wrapText(note, 'regular', 5.8, CARD_WIDTH - x - 6).forEach((line, i) => {
    shapes.push({
      kind: 'text',
      x,
      y: stub.y + 12.6 + i * 5.8 * PT_TO_MM * LINE_GAP,
      text: line,
      size: 5.8,
      font: 'regular',
      fill: TEXT,
    });
  });
  shapes.push({
    kind: 'text',
    x,
    y: stub.y + 18,
    text: `문의 ${profile.institution.name} ${profile.institution.mainPhone}`,
    size: 5.8,
    font: 'regular',
    fill: TEXT,
  });
}

/** The top of a line of text of `size` pt whose letters are centred on `box`. */
function centredOn(box: Box, size: number): number {
  return box.y + box.h / 2 - (size * PT_TO_MM) / 2 - 0.35;
}

/** The largest size up to `size` (pt) at which `text`, letter-spaced, fits `width` mm: serials of wide letters
 * (W, M) would otherwise reach into the QR code's quiet zone. */
function fittingSize(text: string, font: FontName, size: number, spacing: number, width: number): number {
  const natural = textWidth(text, font, size);
  const room = width - spacing * [...text].length;
  return natural <= room ? size : Math.floor((size * room * 10) / natural) / 10;
}

function qrShape(url: string, x: number, y: number, size: number): Shape {
  const matrix = qrMatrix(url);
  return { kind: 'qr', x, y, size, modules: matrix.size, runs: qrRuns(matrix) };
}
