/**
 * What a field's confidence means (issue 19): the reader's raw confidence of a field (the OCR's, after the
 * vote and the repairs; the phone's product of its calibrated digits) is looked up in a table of confidence
 * bins, each holding the error measured there on the tuning split of the synthetic generator
 * (`test/field-training/calibrate.ts`, which prints this table; docs/reading.md, "Confidence"). The field's
 * reported confidence is one minus that error; a bin whose error is over the field's bar is flagged for staff.
 *
 * Error: message — character error rate of the field's text (edits / characters); phone and e-mail — the share
 * of fields not exactly right.
 */
export type CalibratedField = 'message' | 'phone' | 'email';

export interface CalibrationBin {
  /** Raw confidence from (inclusive) … to the next bin's `from`. */
  from: number;
  /** Fields (or, for the message, characters) of the tuning split in this bin, and their measured error. */
  count: number;
  error: number;
}

/** A bin's error above this is flagged: the message's target CER, the contact fields' tolerable miss rate. */
export const REVIEW_ERROR: Record<CalibratedField, number> = { message: 0.12, phone: 0.1, email: 0.2 };

/** Printed by `npx tsx test/field-training/calibrate.ts tuning 6` (the tuning split, 48 cards; never the
 * held-out one). Errors add-half smoothed towards an even chance: (errors + 0.5) / (count + 1). */
export const FIELD_CALIBRATION: Record<CalibratedField, CalibrationBin[]> = {
  message: [
    { from: 0, count: 0, error: 0.5 },
    { from: 0.6, count: 36, error: 0.149 },
    { from: 0.7, count: 47, error: 0.219 },
    { from: 0.75, count: 156, error: 0.099 },
    { from: 0.8, count: 288, error: 0.092 },
    { from: 0.85, count: 408, error: 0.05 },
    { from: 0.9, count: 506, error: 0.011 },
    { from: 0.95, count: 13, error: 0.107 },
  ],
  phone: [
    { from: 0, count: 0, error: 0.5 },
    { from: 0.5, count: 3, error: 0.125 },
    { from: 0.8, count: 5, error: 0.083 },
    { from: 0.9, count: 8, error: 0.056 },
    { from: 0.95, count: 21, error: 0.023 },
    { from: 0.99, count: 11, error: 0.042 },
  ],
  email: [
    { from: 0, count: 2, error: 0.5 },
    { from: 0.1, count: 10, error: 0.682 },
    { from: 0.2, count: 10, error: 0.318 },
    { from: 0.35, count: 9, error: 0.45 },
    { from: 0.5, count: 7, error: 0.063 },
    { from: 0.7, count: 10, error: 0.045 },
  ],
};

/** The raw confidence bins the tables are made with. */
export const RAW_BINS: Record<CalibratedField, number[]> = {
  message: [0, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95],
  phone: [0, 0.5, 0.8, 0.9, 0.95, 0.99],
  email: [0, 0.1, 0.2, 0.35, 0.5, 0.7],
};

export function binOf(bins: readonly number[], raw: number): number {
  let b = 0;
  while (b + 1 < bins.length && raw >= bins[b + 1]!) b++;
  return b;
}

/** The field's calibrated confidence, and whether its bin's measured error asks for staff. */
export function calibrate(field: CalibratedField, raw: number): { confidence: number; unsure: boolean } {
  const table = FIELD_CALIBRATION[field];
  let row = table[0]!;
  for (const bin of table) if (raw >= bin.from) row = bin;
  return {
    confidence: Number((1 - row.error).toFixed(3)),
    unsure: row.error > REVIEW_ERROR[field],
  };
}
