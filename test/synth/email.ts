import type { Random } from './random.ts';

/**
 * E-mail addresses as visitors write them, wider than the benchmark's seven names at four domains: a local
 * part of romanised names, words and digits joined by dots, underscores or hyphens, at a domain that is mostly
 * one of the common Korean mail domains, now and then another one (a university, a company, a ministry) that
 * no list holds and that must come back as written.
 *
 * Two recipes with disjoint word lists and partly disjoint domains: `tuning` is what the e-mail reader's
 * rules and bars were chosen on; `held-out` is never looked at while tuning (docs/reading.md, "Held out").
 */
export type EmailRecipe = 'tuning' | 'held-out';

const WORDS: Record<EmailRecipe, string[]> = {
  tuning: ['minsu', 'jiwoo', 'seoyeon', 'kim', 'lee', 'park', 'hyun', 'sky', 'book', 'love', 'moon', 'jun'],
  'held-out': [
    'doyun',
    'hayoon',
    'eunji',
    'choi',
    'jung',
    'kang',
    'star',
    'read',
    'blue',
    'sun',
    'taeho',
    'yuna',
  ],
};

/** Common domains (the reader's list holds them all) and others that no list holds. */
const COMMON: Record<EmailRecipe, string[]> = {
  tuning: [
    'naver.com',
    'naver.com',
    'naver.com',
    'daum.net',
    'hanmail.net',
    'gmail.com',
    'gmail.com',
    'kakao.com',
    'nate.com',
  ],
  'held-out': [
    'naver.com',
    'naver.com',
    'gmail.com',
    'hanmail.net',
    'daum.net',
    'kakao.com',
    'outlook.com',
    'hotmail.com',
    'korea.kr',
    'icloud.com',
    'yahoo.com',
    'nate.com',
  ],
};
const OTHER: Record<EmailRecipe, string[]> = {
  tuning: ['snu.ac.kr', 'samsung.com', 'hanyang.ac.kr'],
  'held-out': ['kaist.ac.kr', 'lgcns.com', 'pusan.ac.kr', 'kleic.or.kr'],
};

export function emailAddress(random: Random, recipe: EmailRecipe): string {
  const words = WORDS[recipe];
  let local = random.pick(words);
  const shape = random.int(0, 5);
  if (shape === 1 || shape === 2) local += random.pick(['.', '_', '-', '.']) + random.pick(words);
  if (shape >= 2 && shape <= 4) local += String(random.int(1, 2025));
  if (shape === 5) local = random.pick(words).slice(0, 2) + random.pick(words);
  const domain = random.chance(0.88) ? random.pick(COMMON[recipe]) : random.pick(OTHER[recipe]);
  return `${local}@${domain}`;
}
