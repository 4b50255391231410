import { randomUUID } from 'node:crypto';
import { distance } from 'fastest-levenshtein';
import type { RegistryRepository } from '../repositories/registry.ts';
import type { CardType, PrintBatch, SerialRecord } from '../store/records.ts';
import { newSerial, normalizeSerial, SERIAL_LENGTH } from './serial.ts';

/** Issues `count` new serials of `type`, recorded in the registry as one batch before they are used. */
export async function issueSerials(
  registry: RegistryRepository,
  request: {
    type: CardType;
    count: number;
    origin: SerialRecord['origin'];
    createdBy: string;
    format: PrintBatch['format'];
  },
  now: Date,
): Promise<{ batch: PrintBatch; serials: string[] }> {
  // 10^17 serials a type: a taken one is all but impossible, but a clash is drawn again, never issued twice.
  for (;;) {
    const serials = new Set<string>();
    while (serials.size < request.count) serials.add(newSerial(request.type));
    const batch: PrintBatch = {
      id: randomUUID(),
      type: request.type,
      count: request.count,
      createdAt: now.toISOString(),
      createdBy: request.createdBy,
      format: request.format,
    };
    const records: SerialRecord[] = [...serials].map((serial) => ({
      serial,
      type: request.type,
      batch: batch.id,
      issuedAt: batch.createdAt,
      origin: request.origin,
    }));
    if (await registry.issue(batch, records)) return { batch, serials: [...serials] };
  }
}

/** Characters that a blurred print of the card's bold sans-serif makes look alike, each folded to one. */
const LOOK_ALIKE: Record<string, string> = {
  D: '0',
  Q: '0',
  T: '7',
  Z: '2',
  S: '5',
  B: '8',
  Y: 'V',
  A: '4',
  G: '6',
};

function folded(serial: string): string {
  return [...serial].map((c) => LOOK_ALIKE[c] ?? c).join('');
}

/**
 * The issued serial that a serial read off the print (OCR on a blurred photo drops a character or takes a 7 for
 * a T) most likely is: look-alike characters folded together, the one issued serial at most two edits from the
 * reading, with every other at least two edits further. Random serials lie about eight edits apart, so a clear
 * winner is the card; anything less clear gives undefined, and the card is left for staff to identify.
 */
export function closestIssuedSerial(issued: Iterable<string>, read: string): string | undefined {
  const reading = folded(normalizeSerial(read));
  if (Math.abs(reading.length - SERIAL_LENGTH) > 2) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let runnerUp = Number.POSITIVE_INFINITY;
  for (const serial of issued) {
    const d = distance(reading, folded(serial));
    if (d < bestDistance) {
      runnerUp = bestDistance;
      bestDistance = d;
      best = serial;
    } else if (d < runnerUp) runnerUp = d;
  }
  return bestDistance <= 2 && runnerUp >= bestDistance + 2 ? best : undefined;
}
