import { binOf, type CalibratedField, RAW_BINS, REVIEW_ERROR } from '../../src/reading/calibration.ts';
import type { FieldRecord } from '../synth/field-sets.ts';

/** The calibration table fitted on the tuning split's records (as source), and the tables measured on any
 * split (markdown, for docs/reading.md and the benchmark). */
export function fittedTable(records: FieldRecord[]): string {
  const out = ['export const FIELD_CALIBRATION: Record<CalibratedField, CalibrationBin[]> = {'];
  for (const field of Object.keys(RAW_BINS) as CalibratedField[]) {
    out.push(`  ${field}: [`);
    const bins = RAW_BINS[field];
    const counts = bins.map((_, b) => {
      const inBin = records.filter((r) => r.field === field && binOf(bins, r.raw) === b);
      return {
        size: inBin.reduce((s, r) => s + r.size, 0),
        errors: inBin.reduce((s, r) => s + r.errors, 0),
      };
    });
    const errors = monotoneErrors(counts);
    bins.forEach((from, b) => {
      out.push(`    { from: ${from}, count: ${counts[b]!.size}, error: ${errors[b]!.toFixed(3)} },`);
    });
    out.push('  ],');
  }
  out.push('};');
  return out.join('\n');
}

/**
 * Each bin's error, never rising with the raw confidence: neighbouring bins where a higher confidence measured
 * more errors are pooled (pool-adjacent-violators, isotonic regression), so a bin of a handful of fields cannot
 * claim a low error between two that measured high ones. Each pool add-half smoothed towards an even chance
 * ((errors + 0.5) / (count + 1)); an empty bin takes its lower neighbour's error (0.5 at the bottom).
 */
export function monotoneErrors(bins: { size: number; errors: number }[]): number[] {
  const pools: { size: number; errors: number; bins: number[] }[] = [];
  bins.forEach((bin, b) => {
    if (!bin.size) return;
    pools.push({ ...bin, bins: [b] });
    while (pools.length > 1) {
      const last = pools.at(-1)!;
      const before = pools.at(-2)!;
      if (before.errors / before.size >= last.errors / last.size) break;
      pools.splice(-2, 2, {
        size: before.size + last.size,
        errors: before.errors + last.errors,
        bins: [...before.bins, ...last.bins],
      });
    }
  });
  const out = bins.map(() => Number.NaN);
  for (const pool of pools) for (const b of pool.bins) out[b] = (pool.errors + 0.5) / (pool.size + 1);
  // Smoothing can lift a small pool over a larger one below it: the running minimum keeps the order.
  let last: number | undefined;
  return out.map((error) => {
    if (!Number.isNaN(error)) last = last === undefined ? error : Math.min(error, last);
    return last ?? 0.5;
  });
}

export function fieldTables(records: FieldRecord[]): string[] {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const out: string[] = [];
  for (const field of Object.keys(RAW_BINS) as CalibratedField[]) {
    const mine = records.filter((r) => r.field === field);
    const size = mine.reduce((s, r) => s + r.size, 0);
    const errors = mine.reduce((s, r) => s + r.errors, 0);
    // A message is "wrong" when its CER is over the bar (any edit would make nearly every message wrong).
    const wrong = (r: FieldRecord) =>
      field === 'message' ? r.errors / r.size > REVIEW_ERROR.message : r.errors > 0;
    const wrongUnflagged = mine.filter((r) => wrong(r) && !r.flagged).length;
    out.push(
      `**${field}** (${mine.length} fields; ${field === 'message' ? `CER ${pct(errors / Math.max(1, size))}` : `exact ${pct(1 - errors / Math.max(1, size))}`}; flagged ${pct(mine.filter((r) => r.flagged).length / Math.max(1, mine.length))}; ${field === 'message' ? `over ${REVIEW_ERROR.message * 100}% CER` : 'wrong'} and not flagged ${wrongUnflagged} (${pct(wrongUnflagged / Math.max(1, mine.length))}))`,
      '',
      '| raw confidence | fields | reported confidence (1 − tuning error) | measured error | flagged |',
      '| --- | --- | --- | --- | --- |',
    );
    const bins = RAW_BINS[field];
    bins.forEach((from, b) => {
      const inBin = mine.filter((r) => binOf(bins, r.raw) === b);
      if (!inBin.length) {
        out.push(`| ${from}–${bins[b + 1] ?? 1} | 0 | — | — | — |`);
        return;
      }
      const s = inBin.reduce((t, r) => t + r.size, 0);
      const e = inBin.reduce((t, r) => t + r.errors, 0);
      const reported = inBin.reduce((t, r) => t + r.confidence, 0) / inBin.length;
      out.push(
        `| ${from}–${bins[b + 1] ?? 1} | ${inBin.length} | ${reported.toFixed(3)} | ${pct(e / s)}${field === 'message' ? ` (${e} of ${s} characters)` : ` (${e})`} | ${pct(inBin.filter((r) => r.flagged).length / inBin.length)} |`,
      );
    });
    out.push('');
  }
  return out;
}
