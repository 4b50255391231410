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

/** Printed by `npx tsx test/field-training/calibrate.ts tuning 20` (the tuning split, 160 cards; never the
 * held-out one). Errors never rise with the confidence (adjacent bins that do are pooled) and are add-half
 * smoothed towards an even chance: (errors + 0.5) / (count + 1). */
export const FIELD_CALIBRATION: Record<CalibratedField, CalibrationBin[]> = {
  message: [
    { from: 0, count: 0, error: 0.5 },
    { from: 0.6, count: 83, error: 0.161 },
    { from: 0.7, count: 130, error: 0.161 },
    { from: 0.75, count: 292, error: 0.08 },
    { from: 0.8, count: 1074, error: 0.079 },
    { from: 0.85, count: 1402, error: 0.04 },
    { from: 0.9, count: 2149, error: 0.014 },
    { from: 0.95, count: 13, error: 0.014 },
  ],
  phone: [
    { from: 0, count: 1, error: 0.25 },
    { from: 0.5, count: 4, error: 0.1 },
    { from: 0.8, count: 7, error: 0.063 },
    { from: 0.9, count: 16, error: 0.029 },
    { from: 0.95, count: 84, error: 0.006 },
    { from: 0.99, count: 48, error: 0.006 },
  ],
  email: [
    { from: 0, count: 0, error: 0.5 },
    { from: 0.1, count: 2, error: 0.833 },
    { from: 0.2, count: 4, error: 0.325 },
    { from: 0.35, count: 15, error: 0.325 },
    { from: 0.5, count: 30, error: 0.21 },
    { from: 0.7, count: 109, error: 0.059 },
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
