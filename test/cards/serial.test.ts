import { describe, expect, it } from 'vitest';
import {
  cardUrl,
  checkSerial,
  formatSerial,
  newSerial,
  normalizeSerial,
  serialFromUrl,
} from '../../src/cards/serial.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('serials', () => {
  it('encode the type, carry 40 random bits and pass their own check', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const serial = newSerial(i % 2 ? 'green' : 'yellow');
      expect(serial).toMatch(/^[GY][0-9A-HJKMNP-TV-Z]{9}$/);
      expect(checkSerial(serial)).toEqual({ ok: true, serial, type: i % 2 ? 'green' : 'yellow' });
      seen.add(serial);
    }
    expect(seen.size).toBe(2000);
  });

  it('reject every single-character typo', () => {
    for (let n = 0; n < 50; n++) {
      const serial = newSerial('green');
      for (let position = 1; position < serial.length; position++) {
        for (const char of ALPHABET) {
          if (char === serial[position]) continue;
          const typo = serial.slice(0, position) + char + serial.slice(position + 1);
          expect(checkSerial(typo).ok, `${serial} → ${typo}`).toBe(false);
        }
      }
    }
  });

  it('accept what people type: lower case, hyphens, O for 0 and I or L for 1', () => {
    const serial = 'G' + '01ABCD1F'; // payload without check
    const valid = [...ALPHABET].map((c) => serial + c).find((s) => checkSerial(s).ok)!;
    const typed = formatSerial(valid).toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
    expect(normalizeSerial(typed)).toBe(valid);
    expect(checkSerial(` ${typed} `).ok).toBe(true);
  });

  it('explain why a serial is refused', () => {
    expect(checkSerial('G123')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('10 characters'),
    });
    expect(checkSerial('X123456789')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('G (green'),
    });
    expect(checkSerial('GUUUUUUUUU')).toMatchObject({ ok: false, reason: expect.stringContaining('"U"') });
  });

  it('make an upper-case card URL and read the serial back from it', () => {
    const serial = newSerial('yellow');
    const url = cardUrl('https://cards.example.or.kr', serial);
    expect(url).toBe(`HTTPS://CARDS.EXAMPLE.OR.KR/C/${serial}`);
    expect(serialFromUrl(url)).toBe(serial);
    expect(serialFromUrl(url.toLowerCase())).toBe(serial);
    expect(cardUrl('https://example.org/cardbox/', serial)).toBe(`HTTPS://EXAMPLE.ORG/cardbox/C/${serial}`);
    expect(serialFromUrl('https://example.org/c/G000000000')).toBeNull();
    expect(serialFromUrl('hello')).toBeNull();
  });
});
