import { describe, expect, it } from 'vitest';
import { monotoneErrors } from './tables.ts';

/** The calibration fit (issue 19): a bin's error never rises with the raw confidence. */
describe('monotone calibration fit', () => {
  it('pools a small low-error bin between two high-error ones', () => {
    // The e-mail fit of 160 tuning cards: 4 fields measured 0 of 4 wrong between bins at 83% and 40%.
    const errors = monotoneErrors([
      { size: 0, errors: 0 },
      { size: 2, errors: 2 },
      { size: 4, errors: 0 },
      { size: 15, errors: 6 },
      { size: 30, errors: 6 },
      { size: 109, errors: 6 },
    ]);
    expect(errors[0]).toBe(0.5);
    expect(errors[1]).toBeCloseTo(2.5 / 3);
    expect(errors[2]).toBeCloseTo(6.5 / 20);
    expect(errors[3]).toBeCloseTo(6.5 / 20);
    expect(errors[4]).toBeCloseTo(6.5 / 31);
    expect(errors[5]).toBeCloseTo(6.5 / 110);
    for (let b = 2; b < errors.length; b++) expect(errors[b]).toBeLessThanOrEqual(errors[b - 1]!);
  });

  it('keeps an ordered table as measured, and an empty bin takes its lower neighbour’s error', () => {
    const errors = monotoneErrors([
      { size: 10, errors: 5 },
      { size: 0, errors: 0 },
      { size: 10, errors: 1 },
    ]);
    expect(errors).toEqual([5.5 / 11, 5.5 / 11, 1.5 / 11]);
  });
});
