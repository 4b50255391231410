import { checkSerial } from '../cards/serial.ts';
import type { Cardbox } from '../context.ts';
import type { CardType, CaseRecord } from '../store/records.ts';

export type CardLookup =
  | { kind: 'typo' }
  | { kind: 'unknown' }
  | { kind: 'case'; serial: string; record: CaseRecord; issuedOnline: boolean }
  | { kind: 'blank'; serial: string; type: CardType };

/**
 * What a card URL points at: a serial with a wrong check character ('typo'), one we never issued
 * ('unknown'), a card already received ('case', from any channel), or a card waiting to be written ('blank').
 */
export async function lookupCard(cardbox: Cardbox, input: string): Promise<CardLookup> {
  const checked = checkSerial(input);
  if (!checked.ok) return { kind: 'typo' };
  const { issued, record } = await cardbox.lookupSerial(checked.serial);
  if (record)
    return { kind: 'case', serial: checked.serial, record, issuedOnline: issued?.origin === 'online' };
  if (!issued) return { kind: 'unknown' };
  return { kind: 'blank', serial: checked.serial, type: issued.type };
}
