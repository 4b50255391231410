import { describe, expect, it } from 'vitest';
import {
  type CalibratedField,
  calibrate,
  FIELD_CALIBRATION,
  RAW_BINS,
  REVIEW_ERROR,
} from '../../src/reading/calibration.ts';

/** Field confidence that means something (issue 19): the reported confidence is one minus the error measured
 * in the raw confidence's bin on the tuning split, and a bin whose error is over the bar is flagged. */
describe('field calibration', () => {
  it('has one measured row for every raw confidence bin of every field', () => {
    for (const field of Object.keys(RAW_BINS) as CalibratedField[])
      expect(FIELD_CALIBRATION[field].map((b) => b.from)).toEqual(RAW_BINS[field]);
  });

  it('reports one minus the bin’s measured error and flags exactly the bins over the bar', () => {
    for (const field of Object.keys(RAW_BINS) as CalibratedField[])
      for (const bin of FIELD_CALIBRATION[field]) {
        const { confidence, unsure } = calibrate(field, bin.from + 1e-6);
        expect(confidence).toBeCloseTo(1 - bin.error, 3);
        expect(unsure).toBe(bin.error > REVIEW_ERROR[field]);
      }
  });

  it('flags a low e-mail reading and trusts a high one, as measured', () => {
    expect(calibrate('email', 0.15).unsure).toBe(true);
    expect(calibrate('email', 0.8).unsure).toBe(false);
    expect(calibrate('email', 0.15).confidence).toBeLessThan(calibrate('email', 0.8).confidence);
    // An unread raw bin (no tuning field fell in it) claims an even chance and is flagged.
    expect(calibrate('message', 0.1)).toEqual({ confidence: 0.5, unsure: true });
  });
});
