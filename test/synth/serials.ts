import { checkSerial } from '../../src/cards/serial.ts';
import type { CardType } from '../../src/store/records.ts';
import type { Random } from './random.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A valid serial drawn from the seeded generator: the check character is whichever one `checkSerial` accepts. */
export function seededSerial(random: Random, type: CardType): string {
  let body = type === 'green' ? 'G' : 'Y';
  for (let i = 0; i < 8; i++) body += random.pick([...ALPHABET]);
  for (const check of ALPHABET) if (checkSerial(body + check).ok) return body + check;
  throw new Error('no check character fits');
}
