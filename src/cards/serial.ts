import { randomBytes } from 'node:crypto';
import type { CardType } from '../store/records.ts';

/**
 * Serials: a type letter (G green, Y yellow), 8 random Crockford base-32 characters (40 bits) and one check
 * character (Luhn mod 32), e.g. G4K7M2QX9T, printed as G-4K7M-2QX9-T. Every character is in QR's
 * alphanumeric set, so the URL on the card stays a low-density code. The check character catches every
 * single-character typo and most swaps of neighbours.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = ALPHABET.length;
const RANDOM_CHARS = 8;
export const SERIAL_LENGTH = 1 + RANDOM_CHARS + 1;

const TYPE_LETTER: Record<CardType, string> = { green: 'G', yellow: 'Y' };

export function newSerial(type: CardType): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let body = '';
  for (let i = 0; i < RANDOM_CHARS; i++) {
    body = ALPHABET[Number(bits & 31n)] + body;
    bits >>= 5n;
  }
  const payload = TYPE_LETTER[type] + body;
  return payload + checkCharacter(payload);
}

function checkCharacter(payload: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    let addend = factor * ALPHABET.indexOf(payload[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return ALPHABET[(N - (sum % N)) % N]!;
}

/** Upper-cases, drops spaces and hyphens and reads O as 0 and I/L as 1, as people type serials. */
export function normalizeSerial(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export type SerialCheck = { ok: true; serial: string; type: CardType } | { ok: false; reason: string };

/** Validates a typed or scanned serial; the reason is a sentence for a person. */
export function checkSerial(input: string): SerialCheck {
  const serial = normalizeSerial(input);
  if (serial.length !== SERIAL_LENGTH) {
    return { ok: false, reason: `a serial has ${SERIAL_LENGTH} characters, this one has ${serial.length}` };
  }
  const letter = serial[0];
  const type: CardType | undefined = letter === 'G' ? 'green' : letter === 'Y' ? 'yellow' : undefined;
  if (!type) return { ok: false, reason: 'a serial starts with G (green card) or Y (yellow card)' };
  for (const char of serial) {
    if (!ALPHABET.includes(char)) return { ok: false, reason: `"${char}" does not appear in serials` };
  }
  if (checkCharacter(serial.slice(0, -1)) !== serial.at(-1)) {
    return { ok: false, reason: 'the check character does not match: a character was probably mistyped' };
  }
  return { ok: true, serial, type };
}

/** G4K7M2QX9T → G-4K7M-2QX9-T */
export function formatSerial(serial: string): string {
  return `${serial[0]}-${serial.slice(1, 5)}-${serial.slice(5, 9)}-${serial.slice(9)}`;
}

/** The URL a card's QR code carries. Scheme and host are upper-cased (they are case-insensitive) so the
 * whole URL fits QR's alphanumeric mode when the base URL has no lower-case path. */
export function cardUrl(publicBaseUrl: string, serial: string): string {
  const url = new URL(publicBaseUrl);
  const origin = `${url.protocol}//${url.host}`.toUpperCase();
  const path = url.pathname.replace(/\/+$/, '');
  return `${origin}${path}/C/${serial}`;
}

/** Finds the serial at the end of a scanned card URL, or null when the text is not a card URL. */
export function serialFromUrl(text: string): string | null {
  const match = /\/c\/([0-9a-z-]{10,16})\/?$/i.exec(text.trim());
  if (!match) return null;
  const checked = checkSerial(match[1]!);
  return checked.ok ? checked.serial : null;
}
