import type { Random } from '../synth/random.ts';

const HANGUL_WORD = /^[가-힣]+$/;

/**
 * What the training cards say: runs of two to five words of the service charters (the polite register
 * visitors write in) and of the Korean model's own word list, half each, up to 28 characters. No word of the
 * benchmark's sentences is used, so the benchmark measures the model on words it was not trained on.
 */
export function trainingSentences(
  random: Random,
  wordList: string[],
  charters: string[],
  benchSentences: string[],
  count = 4000,
): string[] {
  const held = new Set(benchSentences.flatMap((s) => s.split(/\s+/)));
  const usable = (w: string) => HANGUL_WORD.test(w) && !held.has(w);
  const words = wordList.map((w) => w.trim()).filter(usable);
  const phrases = charters
    .flatMap((text) => text.split(/[\n.,·•()]/))
    .map((s) =>
      s
        .replace(/[^가-힣 ]/g, ' ')
        .split(/\s+/)
        .filter(usable),
    )
    .filter((ws) => ws.length >= 2);
  const sentences: string[] = [];
  while (sentences.length < count) {
    let run: string[];
    if (phrases.length && random.chance(0.5)) {
      const phrase = random.pick(phrases);
      const start = random.int(0, Math.max(0, phrase.length - 2));
      run = phrase.slice(start, start + random.int(2, 5));
    } else {
      run = Array.from({ length: random.int(2, 5) }, () => random.pick(words));
    }
    const sentence = run.join(' ').slice(0, 28).trim();
    if (sentence.length >= 6) sentences.push(sentence);
  }
  return sentences;
}
