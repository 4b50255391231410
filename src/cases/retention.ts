import type { Cardbox } from '../context.ts';
import type { CaseRecord } from '../store/records.ts';
import { CONTACT_FIELDS, dropDraft } from './drafts.ts';

/** When a case's retention period ends: `privacy.retentionDays` after it was answered or closed. */
export function retentionEnds(cardbox: Cardbox, record: CaseRecord): number | null {
  const finished = record.answeredAt ?? (record.status === 'closed' ? record.updatedAt : undefined);
  return finished ? Date.parse(finished) + cardbox.profile.privacy.retentionDays * 86_400_000 : null;
}

/**
 * Past the retention period, the images that may show handwritten contact details go too: the card image, the
 * phone and e-mail crops, their OCR drafts in the photo records, and a box photo once every card on it is past
 * its period. The message crop and the readings of the checkboxes stay for the record.
 */
export async function purgeExpiredImages(cardbox: Cardbox): Promise<string[]> {
  const now = cardbox.now();
  const expired = (record: CaseRecord | undefined) => {
    const ends = record ? retentionEnds(cardbox, record) : 0;
    return ends !== null && ends <= now.getTime();
  };
  const files: string[] = [];
  // Looked for first, so an idle sweep writes nothing.
  const all = await cardbox.cases.list({ holdingPersonalData: true });
  const due = all.filter((r) => !r.filesPurgedAt && r.reading && expired(r));
  if (due.length === 0) return [];
  const changed = await cardbox.cases.updateEach(
    due.map((r) => r.id),
    (record) => {
      if (record.filesPurgedAt || !record.reading || !expired(record)) return false;
      const reading = record.reading;
      if (reading.image) files.push(reading.image);
      delete reading.image;
      for (const name of CONTACT_FIELDS) {
        const field = reading.fields[name];
        if (!field) continue;
        if (field.crop) files.push(field.crop);
        delete field.crop;
        dropDraft(field);
      }
      record.filesPurgedAt = now.toISOString();
    },
  );
  const purged = changed.map((r) => r.id);
  if (purged.length === 0) return purged;
  // A photo's card whose case is not among these holds nothing more to keep (purged already): it counts as expired.
  const byId = new Map(all.map((c) => [c.id, c]));
  // A photo with a card still waiting to be identified is kept, whatever the age of its other cards.
  const waiting = new Set((await cardbox.digitize.unidentified({ open: true })).map((u) => u.photoId));
  const photos = await cardbox.digitize.photos({ status: 'done' });
  const touched = photos.filter(
    (p) => !p.purgedAt && p.cards?.some((card) => expired(byId.get(card.caseId))),
  );
  await cardbox.digitize.updatePhotos({ ids: touched.map((p) => p.id) }, (photo) => {
    if (photo.purgedAt || !photo.cards?.length) return;
    for (const card of photo.cards) {
      if (!expired(byId.get(card.caseId))) continue;
      for (const name of CONTACT_FIELDS) if (card.fields[name]) card.fields[name].text = '';
    }
    if (waiting.has(photo.id) || !photo.cards.every((card) => expired(byId.get(card.caseId)))) return;
    files.push(photo.path);
    if (photo.preview) files.push(photo.preview);
    photo.purgedAt = now.toISOString();
  });
  await Promise.all(files.map((file) => cardbox.files.remove(file)));
  return purged;
}
