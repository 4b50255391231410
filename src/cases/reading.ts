import type { Cardbox } from '../context.ts';
import type { CardReading, Contact } from '../store/records.ts';
import { findCaseById } from './intake.ts';

/** What a card's reading says about the case itself. */
export interface ReadFields {
  areas: string[];
  satisfaction: number | null;
  message: string;
  replyWanted: boolean;
  consent: boolean;
  contact: Contact | null;
}

/** A reading of writing big enough in its photo beats one of writing too small for a good draft (whatever
 * their OCR confidences: tesseract can be sure of a poor reading); otherwise the higher score wins. */
function isBetter(reading: CardReading, old: CardReading): boolean {
  const small = (r: CardReading) => r.needsReview.includes('small-in-photo');
  if (small(reading) !== small(old)) return small(old);
  return reading.score > old.score;
}

/**
 * A card photographed again: the photo is linked to the case, and the new reading replaces the old one
 * only when it is better (`isBetter`) and staff have not started on the case yet. The same photo again
 * changes nothing. Resolves once the change is on disk.
 */
export async function mergeReading(
  cardbox: Cardbox,
  caseId: string,
  reading: CardReading,
  fields: ReadFields,
): Promise<{ changed: boolean; replaced: boolean }> {
  const { store } = cardbox;
  const record = findCaseById(store, caseId);
  if (!record) throw new Error(`no case ${caseId}`);
  const old = record.reading;
  const known = new Set(old?.photoIds ?? []);
  const newPhotos = reading.photoIds.filter((id) => !known.has(id));
  if (old && newPhotos.length === 0) return { changed: false, replaced: false };
  const replace =
    !old ||
    (isBetter(reading, old) &&
      record.status === 'received' &&
      !old.needsReview.includes('confirmed') &&
      !Object.values(old.fields).some((f) => f.confirmed));
  const now = cardbox.now().toISOString();
  await store.cases.update(() => {
    const photoIds = [...(old?.photoIds ?? []), ...newPhotos];
    if (replace) {
      record.reading = { ...reading, photoIds, digitizedAt: old?.digitizedAt ?? reading.digitizedAt ?? now };
      record.areas = fields.areas;
      record.satisfaction = fields.satisfaction;
      record.message = fields.message;
      record.replyWanted = fields.replyWanted;
      record.consent = fields.consent;
      const contact =
        fields.consent && fields.contact && (fields.contact.phone || fields.contact.email)
          ? fields.contact
          : null;
      record.contact = contact ? store.sealer.seal(contact) : null;
    } else if (old) {
      old.photoIds = photoIds;
    }
    record.updatedAt = now;
  });
  return { changed: true, replaced: replace };
}
