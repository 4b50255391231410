import { describe, expect, it } from 'vitest';
import { BENCH_SENTENCES } from '../synth/card.ts';
import { Random } from '../synth/random.ts';
import { trainingSentences } from './text.ts';

describe('training text', () => {
  const words = [
    '도서관',
    '감사합니다',
    '열람실',
    '책상',
    'abc',
    '좋겠습니다',
    '의자가',
    '문화',
    '강좌',
    '안내',
  ];
  const charter =
    '고객이 직접 방문하시는 경우 친절하게 안내하겠습니다.\n감사합니다 · 열람실 좌석을 늘리겠습니다';

  it('uses no word of the benchmark sentences, only Hangul words, 6 to 28 characters', () => {
    const sentences = trainingSentences(new Random(1), words, [charter], BENCH_SENTENCES, 500);
    expect(sentences).toHaveLength(500);
    const held = new Set(BENCH_SENTENCES.flatMap((s) => s.split(' ')));
    for (const s of sentences) {
      expect(s.length).toBeGreaterThanOrEqual(6);
      expect(s.length).toBeLessThanOrEqual(28);
      expect(s).toMatch(/^[가-힣 ]+$/);
      for (const w of s.split(' ')) expect(held.has(w)).toBe(false);
    }
    // Both sources are drawn on.
    expect(sentences.some((s) => s.includes('방문하시는'))).toBe(true);
    expect(sentences.some((s) => s.includes('책상'))).toBe(true);
  });

  it('mixes in what visitors also write, never a Latin word of a held-out sentence', () => {
    const latinWords = ['library', 'seat', 'Wifi', 'ok', 'hello', 'x', 'toolongwordhere'];
    const held = [...BENCH_SENTENCES, 'OK 잘 이용했습니다'];
    const sentences = trainingSentences(new Random(3), words, [charter], held, 600, {
      latinWords,
      mixedShare: 0.5,
    });
    const mixed = sentences.filter((s) => !/^[가-힣 ]+$/.test(s));
    expect(mixed.length).toBeGreaterThan(200);
    expect(mixed.length).toBeLessThan(400);
    expect(mixed.some((s) => /\b(library|Library|seat|Seat)\b/.test(s))).toBe(true);
    expect(mixed.some((s) => /\b[A-Z]{2,4}\b/.test(s))).toBe(true);
    expect(mixed.some((s) => /[()[\]"']/.test(s))).toBe(true);
    expect(mixed.some((s) => /[0-9]+(%|층|시|분|권|개|번|명|일)/.test(s))).toBe(true);
    for (const s of sentences) {
      expect(s.length).toBeLessThanOrEqual(28);
      expect(s.toLowerCase()).not.toMatch(/\bok\b/);
      expect(s).not.toMatch(/toolong|\bx\b/);
    }
  });

  it('is the same for the same seed', () => {
    const a = trainingSentences(new Random(7), words, [charter], BENCH_SENTENCES, 50);
    expect(trainingSentences(new Random(7), words, [charter], BENCH_SENTENCES, 50)).toEqual(a);
  });
});
