import type { Random } from './random.ts';

/**
 * E-mail addresses as visitors write them, wider than the benchmark's seven names at four domains: a local
 * part of romanised names, words and digits joined by dots, underscores or hyphens, at a domain that is mostly
 * one of the common Korean mail domains, now and then another one (a university, a company, a ministry) that
 * no list holds and that must come back as written.
 *
 * Three recipes with disjoint word lists and partly disjoint domains: `training` is what the e-mail model
 * (`eng_hand`, test/ocr-training) learns from, written in fonts no set uses; `tuning` is what the e-mail
 * reader's rules and bars were chosen on; `held-out` is never looked at while tuning (docs/reading.md, "Held
 * out").
 */
export type EmailRecipe = 'training' | 'tuning' | 'held-out';

const WORDS: Record<EmailRecipe, string[]> = {
  training: [
    'jisoo',
    'minjun',
    'seojun',
    'haeun',
    'yerin',
    'woojin',
    'sora',
    'hana',
    'dream',
    'happy',
    'green',
    'tiger',
    'mint',
    'coffee',
    'rain',
    'ocean',
    'music',
    'angel',
    'cool',
    'smile',
    'yoon',
    'shin',
    'oh',
    'han',
    'kwon',
    'song',
    'baek',
    'wizard',
    'fox',
    'quiz',
    'zero',
    'vivid',
  ],
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
  training: [
    'naver.com',
    'naver.com',
    'naver.com',
    'gmail.com',
    'gmail.com',
    'daum.net',
    'hanmail.net',
    'kakao.com',
    'nate.com',
    'outlook.com',
    'hotmail.com',
    'icloud.com',
    'yahoo.co.kr',
    'korea.kr',
    'empas.com',
    'live.com',
  ],
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
  training: [
    'yonsei.ac.kr',
    'korea.ac.kr',
    'kt.com',
    'cnu.ac.kr',
    'sen.go.kr',
    'hyundai.com',
    'postech.ac.kr',
  ],
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
  // The model's lines also need every letter in every neighbour, not only those of a few dozen names.
  if (recipe === 'training' && random.chance(0.35)) {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    local = Array.from({ length: random.int(3, 9) }, () => letters[random.int(0, 25)]!).join('');
    if (random.chance(0.5)) local += random.pick(['.', '_', '-', '']) + String(random.int(0, 9999));
  }
  const domain = random.chance(0.88) ? random.pick(COMMON[recipe]) : random.pick(OTHER[recipe]);
  return `${local}@${domain}`;
}
