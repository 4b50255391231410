import { binOf, type CalibratedField, RAW_BINS, REVIEW_ERROR } from '../../src/reading/calibration.ts';
import type { FieldRecord } from '../synth/field-sets.ts';

/** The calibration table fitted on the tuning split's records (as source), and the tables measured on any
 * split (markdown, for docs/reading.md and the benchmark). */
export function fittedTable(records: FieldRecord[]): string {
  const out = ['export const FIELD_CALIBRATION: Record<CalibratedField, CalibrationBin[]> = {'];
  for (const field of Object.keys(RAW_BINS) as CalibratedField[]) {
    out.push(`  ${field}: [`);
    const bins = RAW_BINS[field];
    bins.forEach((from, b) => {
      const inBin = records.filter((r) => r.field === field && binOf(bins, r.raw) === b);
      const size = inBin.reduce((s, r) => s + r.size, 0);
      const errors = inBin.reduce((s, r) => s + r.errors, 0);
      // Add-one smoothing towards an even chance: an empty bin claims nothing.
      const error = (errors + 0.5) / (size + 1);
      out.push(`    { from: ${from}, count: ${size}, error: ${error.toFixed(3)} },`);
    });
    out.push('  ],');
  }
  out.push('};');
  return out.join('\n');
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
