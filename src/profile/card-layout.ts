import type { Profile } from './schema.ts';

/**
 * The card's geometry: the single source of truth for drawing a card and for reading one from a photo.
 * Millimetres, origin at the card's top-left, x right, y down. Portrait, 100 × 140 mm (four per A4), a
 * tear-off stub along the bottom.
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface CheckboxSpec extends Box {
  id: string;
  group: 'area' | 'satisfaction' | 'reply' | 'consent';
  label: string;
  labelEn: string;
}

export type FieldSpec =
  | (Box & { id: 'message' | 'email'; kind: 'text'; lines: number; label: string })
  | { id: 'phone'; kind: 'digits'; prefix: string; label: string; boxes: Box[] };

export interface Layout {
  version: 1;
  unit: 'mm';
  card: { width: number; height: number };
  /** The QR code itself, without its quiet zone. */
  qr: { x: number; y: number; size: number; quietZone: number };
  /** Centres of the four solid square corner marks: top-left, top-right, bottom-right, bottom-left. */
  fiducials: { x: number; y: number; size: number }[];
  checkboxes: CheckboxSpec[];
  fields: FieldSpec[];
  /** Where the serial is printed in large characters (a second way to identify a card). */
  serialText: Box;
  /** The tear-off stub with the same serial and QR. */
  stub: Box & { qr: { x: number; y: number; size: number }; perforationY: number };
  /** Single-choice checkbox groups: two marks in one of these is flagged. */
  singleChoice: string[];
}

export const CARD_WIDTH = 100;
export const CARD_HEIGHT = 140;
const STUB_TOP = 118;
const BOX = 3.4;
const MARGIN = 8;

export const SATISFACTION_LABELS = [
  { ko: '매우 불만', en: 'Very poor' },
  { ko: '불만', en: 'Poor' },
  { ko: '보통', en: 'Fair' },
  { ko: '만족', en: 'Good' },
  { ko: '매우 만족', en: 'Very good' },
] as const;

/**
 * Where the blocks sit, top to bottom (mm). The service areas take three columns when their labels are short
 * (all of the default ones), two otherwise; the message takes whatever is left above the reply row, ruled at
 * no less than `MIN_PITCH`: with the default areas five lines 6.7 mm apart (four of 5.75 mm before). Six
 * lines of 5.6 mm were tried: the benchmark's writing, of one size whatever the ruling, read a little worse.
 */
const AREA_TOP = 39.4;
const AREA_PITCH = 4.6;
const MESSAGE_BOTTOM = 94.4;
const MIN_PITCH = 6;
/** The longest area label (characters) that fits a third of the card's width at the card's label size. */
const SHORT_LABEL = 9;

/** Left edges of the satisfaction boxes: their row starts with its heading, the labels printed without
 * numbers (매우 불만 … 매우 만족, 6.4 pt), 2.3 mm from each label to the next box. */
const SATISFACTION_X = [27, 42.6, 53.6, 64.6, 75.6];

/** Card layout for a profile (the service areas come from it). */
export function cardLayout(profile: Profile): Layout {
  const fiducialSize = 4;
  const fiducials = [
    { x: 5, y: 5 },
    { x: CARD_WIDTH - 5, y: 5 },
    { x: CARD_WIDTH - 5, y: STUB_TOP - 5 },
    { x: 5, y: STUB_TOP - 5 },
  ].map((c) => ({ ...c, size: fiducialSize }));

  const checkboxes: CheckboxSpec[] = [];
  const columns = profile.areas.every((area) => [...area.label].length <= SHORT_LABEL) ? 3 : 2;
  const columnWidth = columns === 3 ? (CARD_WIDTH - 2 * MARGIN) / 3 : 44;
  profile.areas.forEach((area, index) => {
    const column = index % columns;
    const row = Math.floor(index / columns);
    checkboxes.push({
      id: `area.${area.id}`,
      group: 'area',
      label: area.label,
      labelEn: area.labelEn,
      x: MARGIN + column * columnWidth,
      y: AREA_TOP + row * AREA_PITCH,
      w: BOX,
      h: BOX,
    });
  });
  const rows = Math.ceil(profile.areas.length / columns);
  const satisfactionY = round(AREA_TOP + (rows - 1) * AREA_PITCH + BOX + 1.4);
  SATISFACTION_LABELS.forEach((label, index) => {
    checkboxes.push({
      id: `satisfaction.${index + 1}`,
      group: 'satisfaction',
      label: `${index + 1} ${label.ko}`,
      labelEn: `${index + 1} ${label.en}`,
      x: SATISFACTION_X[index]!,
      y: satisfactionY,
      w: BOX,
      h: BOX,
    });
  });
  const phoneY = MESSAGE_BOTTOM + 0.4;
  const digitH = 6.6;
  checkboxes.push({
    id: 'reply.wanted',
    group: 'reply',
    label: '답변을 원합니다',
    labelEn: 'Please reply',
    x: MARGIN,
    y: round(phoneY + (digitH - BOX) / 2),
    w: BOX,
    h: BOX,
  });
  const emailY = round(phoneY + digitH + 0.5);
  const emailH = 4.4;
  checkboxes.push({
    id: 'consent.privacy',
    group: 'consent',
    label: '개인정보 수집·이용에 동의합니다',
    labelEn: 'I agree to the use of my contact details',
    x: 10.2, // clear of the bottom-left corner mark
    y: round(emailY + emailH + 0.7),
    w: BOX,
    h: BOX,
  });

  const messageY = round(satisfactionY + BOX + 4);
  const messageLines = Math.floor((MESSAGE_BOTTOM - messageY) / MIN_PITCH);

  // Boxes big enough for handwritten digits (smaller ones were overwritten in tests with handwriting fonts).
  const digitW = 5.2;
  const digitsX = 47.6;
  const boxes: Box[] = [];
  for (let i = 0; i < 8; i++) {
    boxes.push({ x: digitsX + i * digitW + (i >= 4 ? 2.4 : 0), y: phoneY, w: digitW, h: digitH });
  }

  return {
    version: 1,
    unit: 'mm',
    card: { width: CARD_WIDTH, height: CARD_HEIGHT },
    // The quiet zone is four modules of a version-2 code (25 modules), the smallest the card URL makes.
    qr: { x: 66, y: 9.5, size: 23, quietZone: 3.7 },
    fiducials,
    checkboxes,
    fields: [
      {
        id: 'message',
        kind: 'text',
        label: '내용',
        x: MARGIN,
        y: messageY,
        w: CARD_WIDTH - 2 * MARGIN,
        h: round(MESSAGE_BOTTOM - messageY),
        lines: messageLines,
      },
      { id: 'phone', kind: 'digits', prefix: '010', label: '휴대전화', boxes },
      {
        id: 'email',
        kind: 'text',
        label: '이메일',
        x: 26,
        y: emailY,
        w: CARD_WIDTH - 10.2 - 26,
        h: emailH,
        lines: 1,
      },
    ],
    serialText: { x: 19, y: 28, w: 43, h: 6.6 },
    stub: {
      x: 0,
      y: STUB_TOP,
      w: CARD_WIDTH,
      h: CARD_HEIGHT - STUB_TOP,
      perforationY: STUB_TOP,
      qr: { x: 8, y: STUB_TOP + 3, size: 15 },
    },
    singleChoice: ['satisfaction'],
  };
}

/** Millimetres to a tenth of a micrometre, so sums of constants print as the numbers they are. */
function round(mm: number): number {
  return Math.round(mm * 10000) / 10000;
}
