import { insideQuad, type Point } from '../../src/reading/homography.ts';
import type { SceneCard } from './scene.ts';

/** How a photo's reading compares with its ground truth; summed over photos by `addScores`. */
export interface Scores {
  cards: number;
  /** Cards with a readable (not blotted) code: the recall target counts these. */
  readableCards: number;
  found: number;
  foundReadable: number;
  wrongSerials: number;
  extraCards: number;
  boxes: number;
  boxesRight: number;
  boxesUndecided: number;
  boxesWrongUnflagged: number;
  /** Character edits / characters of the message (whitespace removed), summed. */
  messageEdits: number;
  messageChars: number;
  /** The same, by the handwriting font the message was written in. */
  messageByFont: Record<string, { edits: number; chars: number }>;
  phones: number;
  phonesExact: number;
  emails: number;
  emailsExact: number;
  /** Cards not read but reported as unidentified (a quad round the card's centre). */
  missedButUnidentified: number;
  /** Unidentified quads round no card at all. */
  spuriousUnidentified: number;
  cornerErrors: number[];
}

export function emptyScores(): Scores {
  return {
    cards: 0,
    readableCards: 0,
    found: 0,
    foundReadable: 0,
    wrongSerials: 0,
    extraCards: 0,
    boxes: 0,
    boxesRight: 0,
    boxesUndecided: 0,
    boxesWrongUnflagged: 0,
    messageEdits: 0,
    messageChars: 0,
    messageByFont: {},
    phones: 0,
    phonesExact: 0,
    emails: 0,
    emailsExact: 0,
    missedButUnidentified: 0,
    spuriousUnidentified: 0,
    cornerErrors: [],
  };
}

export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[y.length]!;
}

/** The parts of a card reading that are scored (a pipeline CardResult or a stored PhotoCard). */
export interface ScoredCard {
  serial: string;
  checks: Record<string, boolean | null>;
  fields: Record<string, { text: string }>;
  needsReview: string[];
  corners: number[][];
  stub?: boolean;
}

export function scorePhoto(
  truth: SceneCard[],
  reading: { cards: ScoredCard[]; unidentified?: { corners: number[][] }[] },
  into = emptyScores(),
): Scores {
  const s = into;
  const centre = (q: number[][]): Point => [
    q.reduce((sum, p) => sum + p[0]!, 0) / q.length,
    q.reduce((sum, p) => sum + p[1]!, 0) / q.length,
  ];
  const quads = (reading.unidentified ?? []).map((u) => u.corners as Point[]);
  for (const q of quads) if (!truth.some((t) => insideQuad(q, centre(t.corners)))) s.spuriousUnidentified++;
  const bySerial = new Map<string, ScoredCard>(reading.cards.map((c) => [c.serial, c]));
  for (const card of reading.cards) if (!truth.some((t) => t.serial === card.serial)) s.wrongSerials++;
  for (const t of truth) {
    s.cards++;
    if (!t.qrBlotted || t.stub) s.readableCards++;
    const read = bySerial.get(t.serial);
    if (!read) {
      if (quads.some((q) => insideQuad(q, centre(t.corners)))) s.missedButUnidentified++;
      continue;
    }
    s.found++;
    if (!t.qrBlotted || t.stub) s.foundReadable++;
    t.corners.forEach((p, i) => {
      const q = read.corners[i];
      if (q && (i < 2 || (read.stub !== undefined && read.stub === t.stub)))
        s.cornerErrors.push(Math.hypot(p[0] - q[0]!, p[1] - q[1]!));
    });
    const multiple = read.needsReview.some((r) => r.endsWith('-multiple'));
    for (const [id, expected] of Object.entries(t.checks)) {
      s.boxes++;
      const got = read.checks[id];
      if (got === expected) s.boxesRight++;
      else if (got === null) s.boxesUndecided++;
      else if (!(multiple && id.startsWith('satisfaction.'))) s.boxesWrongUnflagged++;
    }
    const want = t.message.join('').replace(/\s+/g, '');
    const got = (read.fields.message?.text ?? '').replace(/\s+/g, '');
    const edits = editDistance(got, want);
    s.messageEdits += edits;
    s.messageChars += [...want].length;
    s.messageByFont[t.font] ??= { edits: 0, chars: 0 };
    const byFont = s.messageByFont[t.font]!;
    byFont.edits += edits;
    byFont.chars += [...want].length;
    if (t.phone) {
      s.phones++;
      if (read.fields.phone?.text === t.phone) s.phonesExact++;
    }
    if (t.email) {
      s.emails++;
      if (read.fields.email?.text === t.email) s.emailsExact++;
    }
  }
  return s;
}

export function summary(s: Scores) {
  const sorted = [...s.cornerErrors].sort((a, b) => a - b);
  return {
    recall: s.readableCards ? s.foundReadable / s.readableCards : 1,
    wrongSerials: s.wrongSerials,
    checkboxAccuracy: s.boxes ? s.boxesRight / s.boxes : 1,
    checkboxUndecided: s.boxes ? s.boxesUndecided / s.boxes : 0,
    checkboxWrongUnflagged: s.boxes ? s.boxesWrongUnflagged / s.boxes : 0,
    messageCer: s.messageChars ? s.messageEdits / s.messageChars : 0,
    messageCerByFont: Object.fromEntries(
      Object.entries(s.messageByFont).map(([font, m]) => [font, m.chars ? m.edits / m.chars : 0]),
    ),
    phoneExact: s.phones ? s.phonesExact / s.phones : 1,
    emailExact: s.emails ? s.emailsExact / s.emails : 1,
    cornerMedianPx: sorted[Math.floor(sorted.length / 2)] ?? 0,
    cornerMaxPx: sorted.at(-1) ?? 0,
  };
}
