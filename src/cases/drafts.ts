import type { Cardbox } from '../context.ts';
import type { CardReading, FieldReading, PhotoCard } from '../store/records.ts';
import type { Sealer } from '../store/sealer.ts';

/** The card fields whose OCR drafts are contact details: sealed at rest, like the contact itself. */
export const CONTACT_FIELDS = ['phone', 'email'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export function isContactField(name: string): boolean {
  return (CONTACT_FIELDS as readonly string[]).includes(name);
}

/** A field reading as stored: a contact field's draft is sealed and its `text` left empty. */
export function sealDraft(sealer: Sealer, name: string, field: FieldReading): FieldReading {
  if (!isContactField(name) || !field.text) return field;
  const { text, ...rest } = field;
  return { ...rest, text: '', sealed: sealer.seal(text) };
}

/** Whether a reading still holds a contact draft (sealed or, from before sealing, in the clear). */
export function hasDraft(field: FieldReading | undefined): boolean {
  return Boolean(field?.sealed || field?.text);
}

/** The reading with its contact drafts opened, for the assigned staff's screen only; the stored one is untouched. */
export function openDrafts(sealer: Sealer, reading: CardReading): CardReading {
  const fields = Object.fromEntries(
    Object.entries(reading.fields).map(([name, field]) => {
      if (!field.sealed) return [name, field];
      const { sealed, ...rest } = field;
      return [name, { ...rest, text: sealer.open<string>(sealed) }];
    }),
  );
  return { ...reading, fields };
}

/** Forgets a contact draft (retention over, or confirmed into the sealed contact). */
export function dropDraft(field: FieldReading): void {
  field.text = '';
  delete field.sealed;
}

/**
 * A card as read in one photo, with its contact drafts opened from its case (the photo record keeps none):
 * for staff's own outputs, such as `cardbox ingest --json`.
 */
export async function photoCardFields(cardbox: Cardbox, card: PhotoCard): Promise<PhotoCard['fields']> {
  const reading = (await cardbox.cases.get(card.caseId))?.reading;
  if (!reading) return card.fields;
  const opened = openDrafts(cardbox.sealer, reading).fields;
  const fields = { ...card.fields };
  for (const name of CONTACT_FIELDS) {
    const field = opened[name];
    if (field && fields[name]) fields[name] = { ...fields[name], text: field.text };
  }
  return fields;
}
