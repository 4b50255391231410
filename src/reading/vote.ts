import { diffArrays } from 'diff';
import type { OcrText } from './ocr.ts';

/**
 * Several OCR readings of one line combined character by character (ROVER-style voting). The most confident
 * reading is the pivot; every reading is aligned to it, and each of the pivot's places takes the character
 * that carries the most confidence among the readings, or nothing when most readings have nothing there.
 * A character that readings add between two of the pivot's is kept when they carry more than half the total
 * confidence. The vote is on characters alone; the spaces are the pivot's.
 */
export function voteReadings(reads: OcrText[]): OcrText {
  const pivot = mostConfident(reads);
  if (!pivot || reads.length < 3) return pivot ?? { text: '', confidence: 0 };
  const words = pivot.text.split(/\s+/).filter(Boolean);
  const chars = words.flatMap((word) => [...word]);
  const spaceAfter = new Set<number>();
  let end = -1;
  for (const word of words.slice(0, -1)) {
    end += [...word].length;
    spaceAfter.add(end);
  }
  const placeVotes = chars.map(() => new Map<string, number>());
  const insertVotes = Array.from({ length: chars.length + 1 }, () => new Map<string, number>());
  const add = (votes: Map<string, number>, value: string, weight: number) => {
    votes.set(value, (votes.get(value) ?? 0) + weight);
  };

  let total = 0;
  // The pivot votes first, so that its characters win ties.
  for (const read of [pivot, ...reads.filter((r) => r !== pivot)]) {
    const weight = Math.max(read.confidence, 0.01);
    total += weight;
    const { places, inserts } = alignTo(chars, [...read.text.replace(/\s+/g, '')]);
    places.forEach((value, i) => {
      add(placeVotes[i]!, value, weight);
    });
    inserts.forEach((value, i) => {
      add(insertVotes[i]!, value, weight);
    });
  }

  let text = '';
  for (let i = 0; i <= chars.length; i++) {
    const [inserted, weight] = winner(insertVotes[i]!);
    if (inserted && weight > total / 2) text += inserted;
    if (i === chars.length) break;
    text += winner(placeVotes[i]!)[0];
    if (spaceAfter.has(i) && text && !text.endsWith(' ')) text += ' ';
  }
  return { text: text.trim(), confidence: pivot.confidence };
}

/** What another reading has at each of the pivot's places ('' where it has nothing), and what it adds before
 * each place (the last slot: after the pivot's end). */
function alignTo(pivot: string[], other: string[]): { places: string[]; inserts: string[] } {
  const places = pivot.map(() => '');
  const inserts = Array.from({ length: pivot.length + 1 }, () => '');
  let at = 0;
  let removed: string[] = [];
  let added: string[] = [];
  const settle = () => {
    // A run the pivot has and the other reading replaces: paired place by place; what is left over of the
    // other's is added after the run.
    added.slice(0, removed.length).forEach((c, k) => {
      places[at + k] = c;
    });
    at += removed.length;
    inserts[at] += added.slice(removed.length).join('');
    removed = [];
    added = [];
  };
  for (const change of diffArrays(pivot, other)) {
    if (change.removed) removed = removed.concat(change.value);
    else if (change.added) added = added.concat(change.value);
    else {
      settle();
      change.value.forEach((c, k) => {
        places[at + k] = c;
      });
      at += change.value.length;
    }
  }
  settle();
  return { places, inserts };
}

/** The value with the most weight; the first one seen (the pivot's own, or nothing) wins a tie. */
function winner(votes: Map<string, number>): [string, number] {
  let best: [string, number] = ['', -1];
  for (const entry of votes) if (entry[1] > best[1]) best = entry;
  return best;
}

/** The most confident reading; the first of equals. */
export function mostConfident(reads: OcrText[]): OcrText | undefined {
  return reads.reduce<OcrText | undefined>(
    (best, r) => (!best || r.confidence > best.confidence ? r : best),
    undefined,
  );
}

/**
 * Readings of a number of known length (a phone number's boxes) voted digit by digit among those that read
 * exactly that many digits; the earlier reading wins a tie. Its confidence is the best such reading's, times
 * the share of all readings that read the same number. Null when no reading has the right length.
 */
export function voteDigits(reads: OcrText[], length: number): OcrText | null {
  const whole = reads
    .map((read) => ({ read, number: read.text.replace(/\D/g, '') }))
    .filter((r) => r.number.length === length);
  if (!whole.length) return null;
  const numbers = whole.map((r) => r.number);
  let text = '';
  for (let place = 0; place < length; place++) {
    const counts = new Map<string, number>();
    for (const n of numbers) counts.set(n[place]!, (counts.get(n[place]!) ?? 0) + 1);
    text += winner(counts)[0];
  }
  const agreeing = numbers.filter((n) => n === text).length;
  return {
    text,
    confidence: (mostConfident(whole.map((r) => r.read))!.confidence * agreeing) / reads.length,
  };
}
