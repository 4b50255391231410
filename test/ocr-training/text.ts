import type { Random } from '../synth/random.ts';

const HANGUL_WORD = /^[가-힣]+$/;
const LATIN_WORD = /^[A-Za-z]{2,9}$/;

export interface TrainingText {
  /** Latin words to mix in (the English model's word list); none: Hangul only. */
  latinWords?: string[];
  /** Share of sentences that carry what visitors also write: a Latin word, brackets, quotes, ~, %, digits. */
  mixedShare?: number;
}

/**
 * What the training cards say: runs of two to five words of the service charters (the polite register
 * visitors write in) and of the Korean model's own word list, half each, up to 28 characters. No word of the
 * benchmark's sentences (nor of any held-out sentence) is used, so the benchmark measures the model on words
 * it was not trained on. With `latinWords`, a share of the runs carries what visitors also write (issue 19): a
 * Latin word in lower, title or upper case or a short capital abbreviation, a word in brackets or quotes, ~ or
 * ! at the end, a number with % or a unit.
 */
export function trainingSentences(
  random: Random,
  wordList: string[],
  charters: string[],
  heldSentences: string[],
  count = 4000,
  text: TrainingText = {},
): string[] {
  const held = new Set(heldSentences.flatMap((s) => s.split(/\s+/)).map((w) => w.toLowerCase()));
  const usable = (w: string) => HANGUL_WORD.test(w) && !held.has(w);
  const words = wordList.map((w) => w.trim()).filter(usable);
  const heldLatin = new Set(
    heldSentences.flatMap((s) => s.match(/[A-Za-z]+/g) ?? []).map((w) => w.toLowerCase()),
  );
  const latin = (text.latinWords ?? [])
    .map((w) => w.trim())
    .filter((w) => LATIN_WORD.test(w) && !heldLatin.has(w.toLowerCase()));
  const phrases = charters
    .flatMap((t) => t.split(/[\n.,·•()]/))
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
    if (latin.length && random.chance(text.mixedShare ?? 0.3)) run = mixed(random, run, latin, heldLatin);
    const sentence = run.join(' ').slice(0, 28).trim();
    if (sentence.length >= 6) sentences.push(sentence);
  }
  return sentences;
}

const UNITS = ['%', '층', '시', '분', '권', '개', '번', '명', '일'];

function mixed(random: Random, run: string[], latin: string[], heldLatin: Set<string>): string[] {
  const out = run.slice(0, 4);
  const at = random.int(0, out.length - 1);
  switch (random.int(0, 5)) {
    case 0: {
      const word = random.pick(latin);
      const cased = random.pick([word.toLowerCase(), word[0]!.toUpperCase() + word.slice(1).toLowerCase()]);
      out.splice(random.int(0, out.length), 0, cased);
      break;
    }
    case 1: {
      let abbreviation = '';
      do {
        abbreviation = Array.from({ length: random.int(2, 4) }, () =>
          String.fromCharCode(65 + random.int(0, 25)),
        ).join('');
      } while (heldLatin.has(abbreviation.toLowerCase()));
      out.splice(random.int(0, out.length), 0, abbreviation);
      break;
    }
    case 2: {
      const [open, close] = random.pick([
        ['(', ')'],
        ['[', ']'],
        ['"', '"'],
        ["'", "'"],
      ] as const);
      out[at] = `${open}${out[at]}${close}`;
      break;
    }
    case 3:
      out[out.length - 1] = `${out.at(-1)}${random.pick(['~', '~~', '!', '?', '.'])}`;
      break;
    case 4:
      out.splice(random.int(0, out.length), 0, `${random.int(1, 99)}${random.pick(UNITS)}`);
      break;
    default: {
      const word = random.pick(latin);
      out.splice(random.int(0, out.length), 0, `(${word.toLowerCase()})`);
    }
  }
  return out;
}
