import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { photoCardFields } from '../../cases/drafts.ts';
import type { Cardbox } from '../../context.ts';
import { digitizeQueue, newBatch, runPhoto, submitPhoto } from '../../jobs/digitize.ts';
import { closeOcr } from '../../reading/ocr.ts';
import type { PhotoRecord } from '../../store/records.ts';
import { parseCommandArgs } from '../args.ts';
import type { CommandIo } from '../io.ts';
import { UsageError } from '../usage.ts';

/** `cardbox ingest PHOTO… [--json]`: every card in the photos read and stored, one line (or object) a photo. */
export async function ingestCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean', default: false } }, true);
  if (positionals.length === 0) throw new UsageError('name at least one photo (JPEG, PNG or WebP)');
  const cardbox = await io.open();
  const leftover = (await cardbox.digitize.photos({ status: 'queued' })).length;
  if (leftover) {
    io.err(`finishing ${leftover} photo(s) left queued by an interrupted run…`);
    await digitizeQueue(cardbox).drain();
  }
  const batch = await newBatch(cardbox);
  const photos: Awaited<ReturnType<typeof photoJson>>[] = [];
  let failed = 0;
  try {
    // Every photo is stored and queued before any is read, so an interrupted run loses none of them.
    const submitted: (PhotoRecord | { file: string; reason: string })[] = [];
    for (const file of positionals) {
      try {
        submitted.push((await submitPhoto(cardbox, batch, file, await readFile(file))).photo);
      } catch (error) {
        const reason =
          (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
        submitted.push({ file, reason });
      }
    }
    for (const [i, entry] of submitted.entries()) {
      const file = positionals[i]!;
      if (!('id' in entry)) {
        photos.push({
          file: basename(file),
          cards: [],
          unidentified: [],
          errors: [`cannot read ${file}: ${entry.reason}`],
        });
        failed++;
        if (!values.json) io.err(`${file}: cannot read: ${entry.reason}`);
        continue;
      }
      const record = entry.status === 'queued' ? await runPhoto(cardbox, entry.id) : entry;
      const json = await photoJson(cardbox, record, basename(file));
      if (json.errors.length) failed++;
      photos.push(json);
      if (!values.json) {
        if (json.errors.length) io.err(`${file}: ${json.errors.join('; ')}`);
        else
          io.out(
            `${file}: ${json.cards.length} card(s)${json.cards.length ? ` (${json.cards.map((c) => c.serial).join(', ')})` : ''}` +
              `${json.unidentified.length ? `, ${json.unidentified.length} unidentified` : ''}` +
              `${json.cards.some((c) => c.needsReview.length) ? `, ${json.cards.filter((c) => c.needsReview.length).length} to review` : ''}`,
          );
      }
    }
  } finally {
    await closeOcr();
  }
  if (values.json) io.out(JSON.stringify({ photos }, null, 2));
  return failed ? 1 : 0;
}

async function photoJson(cardbox: Cardbox, record: PhotoRecord, file: string) {
  return {
    file,
    cards: await Promise.all(
      (record.cards ?? []).map(async (c) => ({
        serial: c.serial,
        type: c.type,
        checks: c.checks,
        fields: await photoCardFields(cardbox, c),
        needsReview: c.needsReview,
        corners: c.corners,
        caseId: c.caseId,
      })),
    ),
    unidentified: (record.unidentified ?? []).map((u) => ({ id: u.id, corners: u.corners })),
    errors: record.status === 'failed' && record.error ? [record.error.message] : ([] as string[]),
  };
}
