import { checkSerial } from '../cards/serial.ts';
import type { Layout } from '../profile/card-layout.ts';
import type { CardType } from '../store/records.ts';
import { MIN_AGREEMENT, templateAgreement } from './agreement.ts';
import type { FoundCode } from './codes.ts';
import { findMark, markCandidates } from './fiducials.ts';
import {
  apply,
  fitAffine,
  fitHomography,
  type GreyImage,
  type Homography,
  invert,
  type Point,
  polygonArea,
} from './homography.ts';

/**
 * From a QR code to the card's exact position: the code's corners give a first pose (and the card's
 * orientation, since zxing orders them relative to the code); each of the four printed corner marks is then
 * searched for near where that pose puts it, and the card's homography is fitted to the marks found.
 */
export interface CardPose {
  serial: string;
  /** Card millimetres → photo pixels. */
  mmToPhoto: Homography;
  /** How many of the four corner marks were found (4 = precise pose). */
  marks: number;
  /** Which code the pose started from: the card's main code, the one on its stub, or (code read on a
   * second try, or the card identified by its printed serial) the corner marks or outline alone. */
  from: 'main' | 'stub' | 'marks' | 'print';
  codes: FoundCode[];
}

type CodeRole = 'main' | 'stub';

function codeSquare(layout: Layout, role: CodeRole): Point[] {
  const q = role === 'main' ? layout.qr : layout.stub.qr;
  return [
    [q.x, q.y],
    [q.x + q.size, q.y],
    [q.x + q.size, q.y + q.size],
    [q.x, q.y + q.size],
  ];
}

/** Fits the card's pose from one code in a role; null when the corner marks do not confirm it. */
function poseFrom(
  photo: GreyImage,
  layout: Layout,
  code: FoundCode,
  role: CodeRole,
  template: GreyImage | undefined,
  stub?: FoundCode,
): CardPose | null {
  const square = codeSquare(layout, role);
  if (stub) {
    square.push(...codeSquare(layout, 'stub'));
    code = { ...code, corners: [...code.corners, ...stub.corners] };
  }
  let pose = fitHomography(square, code.corners);
  const codeCentre: Point = [
    square.reduce((s, p) => s + p[0], 0) / square.length,
    square.reduce((s, p) => s + p[1], 0) / square.length,
  ];
  const marks = layout.fiducials
    .map((f, index) => ({ f, index, distance: Math.hypot(f.x - codeCentre[0], f.y - codeCentre[1]) }))
    .sort((a, b) => a.distance - b.distance);
  const from: Point[] = [...square];
  const to: Point[] = [...code.corners];
  let found: MarkAt[] = [];
  // A second round looks again for marks the first missed, from the pose the others have since given
  // (perspective included), a little wider.
  const missed = new Set<number>();
  for (const [round, list] of [
    [0, marks],
    [1, marks],
  ] as const) {
    for (const { f, distance } of list) {
      if (round === 1 && (!missed.has(f.x * 1000 + f.y) || found.length < 2)) continue;
      // The farther a mark is from what has been measured, the wider it is searched for.
      const reach = round ? 14 : Math.min(8, 2.5 + distance * 0.05);
      const hit = findMark(photo, pose, [f.x, f.y], f.size, reach);
      if (!hit) {
        missed.add(f.x * 1000 + f.y);
        continue;
      }
      const at = apply(pose, hit.at);
      found.push({ mm: [f.x, f.y], at });
      from.push([f.x, f.y]);
      to.push(at);
      // Until the marks span the card, perspective cannot be told from noise: extrapolate affinely.
      // Two codes at opposite ends of the card already pin the perspective down.
      pose = found.length >= 3 || stub || round === 1 ? fitHomography(from, to) : fitAffine(from, to);
    }
  }
  if (found.length < 2) return null;
  // Four marks fix the pose on their own, if they agree with the code they were found from (a wrong square
  // taken for a mark does not).
  const byMarks = (marks: MarkAt[]) => {
    if (marks.length < 4) return null;
    const h = fitHomography(
      marks.map((m) => m.mm),
      marks.map((m) => m.at),
    );
    const back = invert(h);
    const error = Math.max(...code.corners.map((p, i) => distanceMm(apply(back, p), square[i]!)));
    return error <= 2 ? h : null;
  };
  let fixed = byMarks(found);
  if (fixed && template && templateAgreement(photo, fixed, template, layout) < MIN_AGREEMENT) fixed = null;
  if (!fixed && template) {
    ({ pose, found } = bestMarks(photo, layout, template, square, code.corners, found));
    fixed = byMarks(found);
  }
  if (fixed) pose = fixed;
  else if (found.length === 4) found = found.slice(0, 2);
  // A lone code taken for a stub's, its card not confirmed by its marks: the card must lie over the blank
  // template. A torn-off stub on its own has table where the card would be, and two squares of another card's
  // print may pass for marks.
  if (
    role === 'stub' &&
    !stub &&
    !fixed &&
    template &&
    templateAgreement(photo, pose, template, layout) < MIN_AGREEMENT
  )
    return null;
  return { serial: code.serial!, mmToPhoto: pose, marks: found.length, from: role, codes: [] };
}

interface MarkAt {
  mm: Point;
  at: Point;
}

/**
 * With a mark missing the rounds above may have fitted a steep photo's perspective well near the code and
 * still be a centimetre off at the far end, or have taken a dark square of the code for a mark. So the marks
 * are settled by the blank template: the missing ones are searched wider and at several sizes (seen through
 * a wrong perspective a mark looks bigger or smaller); if that is not enough, each mark found is left out in
 * turn; the set under which the card lies best over the template wins. A pose the template does not confirm
 * counts as no better than two marks (its boxes are left to staff).
 */

function bestMarks(
  photo: GreyImage,
  layout: Layout,
  template: GreyImage,
  square: Point[],
  corners: Point[],
  found: MarkAt[],
): { pose: Homography; found: MarkAt[] } {
  const poseOf = (marks: MarkAt[]) =>
    fitHomography([...square, ...marks.map((m) => m.mm)], [...corners, ...marks.map((m) => m.at)]);
  const judge = (marks: MarkAt[]) => {
    const pose = poseOf(marks);
    return { pose, found: marks, agreement: templateAgreement(photo, pose, template, layout) };
  };
  const original = judge(found);
  let best = original;
  const starts = [found, ...(found.length >= 3 ? found.map((_, i) => found.filter((_, j) => j !== i)) : [])];
  for (const kept of starts) {
    if (kept !== found && best.agreement >= MIN_AGREEMENT) break;
    const pose = poseOf(kept);
    const options = layout.fiducials
      .filter((f) => !kept.some((m) => m.mm[0] === f.x && m.mm[1] === f.y))
      .map((f) => [
        null,
        ...markCandidates(photo, pose, [f.x, f.y], f.size, 22, [0.8, 1, 1.25, 1.6], 3).map(
          (hit): MarkAt => ({ mm: [f.x, f.y], at: apply(pose, hit.at) }),
        ),
      ]);
    for (const combination of product(options)) {
      const added = combination.filter((m): m is MarkAt => m !== null);
      if (!added.length && kept === found) continue;
      const tried = judge([...kept, ...added]);
      if (tried.agreement > best.agreement) best = tried;
    }
  }
  if (best !== original && best.agreement < original.agreement + 0.05) best = original;
  if (best.agreement < MIN_AGREEMENT) return { pose: best.pose, found: best.found.slice(0, 2) };
  if (best === original) return best;
  // From the better pose every mark is close to where it is put: all four measured again, if they are there.
  const polished = layout.fiducials.map((f) => {
    const hit = findMark(photo, best.pose, [f.x, f.y], f.size, 2.5);
    return hit ? { mm: [f.x, f.y] as Point, at: apply(best.pose, hit.at) } : null;
  });
  if (polished.every((m) => m !== null)) {
    const all = judge(polished);
    if (all.agreement >= best.agreement - 0.02) return all;
  }
  return best;
}

function product<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>(
    (acc, list) => acc.flatMap((prefix) => list.map((item) => [...prefix, item])),
    [[]],
  );
}

/**
 * One pose per card: codes of the same serial are grouped (a card and its attached stub carry the same
 * URL); the bigger code of a pair is the card's own. A lone code is tried as a card's code and as a stub's,
 * and a stub whose card is not around it (a torn-off stub on its own) gives no card.
 */
export function locateCards(
  photo: GreyImage,
  layout: Layout,
  codes: FoundCode[],
  templates?: Record<CardType, GreyImage>,
): CardPose[] {
  const bySerial = new Map<string, FoundCode[]>();
  for (const code of codes) {
    if (!code.serial) continue;
    bySerial.set(code.serial, [...(bySerial.get(code.serial) ?? []), code]);
  }
  const poses: CardPose[] = [];
  for (const group of bySerial.values()) {
    group.sort((a, b) => polygonArea(b.corners) - polygonArea(a.corners));
    let pose: CardPose | null = null;
    const main = group[0]!;
    const serial = checkSerial(main.serial!);
    const template = serial.ok ? templates?.[serial.type] : undefined;
    const candidates =
      group.length > 1
        ? [poseFrom(photo, layout, main, 'main', template, group[1])]
        : [poseFrom(photo, layout, main, 'main', template), poseFrom(photo, layout, main, 'stub', template)];
    pose = candidates.filter((p): p is CardPose => p !== null).sort((a, b) => b.marks - a.marks)[0] ?? null;
    if (!pose) continue;
    pose.codes = group;
    poses.push(pose);
  }
  return poses;
}

/** The whole card (stub included) and `margin` mm round it, in photo pixels. */
export function cardOutline(layout: Layout, mmToPhoto: Homography, margin: number): Point[] {
  const { width, height } = layout.card;
  return (
    [
      [-margin, -margin],
      [width + margin, -margin],
      [width + margin, height + margin],
      [-margin, height + margin],
    ] as Point[]
  ).map((p) => apply(mmToPhoto, p));
}

function distanceMm(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/**
 * The four corner marks of a card whose pose is only known from its outline (a few millimetres off): each
 * searched for 8 mm around where the outline puts it, two candidates each, and the set under which the card
 * lies best over the blank template wins, if the template confirms it. Null when it does not.
 */
export function marksFromOutline(
  photo: GreyImage,
  layout: Layout,
  outlinePose: Homography,
  template: GreyImage,
): Homography | null {
  const options = layout.fiducials.map((f) =>
    markCandidates(photo, outlinePose, [f.x, f.y], f.size, 8, [0.8, 1, 1.25], 2).map(
      (hit): [Point, Point] => [[f.x, f.y], apply(outlinePose, hit.at)],
    ),
  );
  if (options.some((o) => o.length === 0)) return null;
  let best: { pose: Homography; agreement: number } | null = null;
  for (const marks of product(options)) {
    const pose = fitHomography(
      marks.map((m) => m[0]),
      marks.map((m) => m[1]),
    );
    const agreement = templateAgreement(photo, pose, template, layout);
    if (!best || agreement > best.agreement) best = { pose, agreement };
  }
  return best && best.agreement >= MIN_AGREEMENT ? best.pose : null;
}
