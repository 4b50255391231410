/**
 * Training lines for Cardbox's handwriting models: synthetic box photos written in fonts the benchmark never
 * uses, with text the benchmark never uses, read by the real pipeline up to the upright card, each line cut as
 * the reader cuts it and saved as the looks the reader gives tesseract (PNG, its text in .gt.txt and as a
 * tesseract box file). FIELD `message` (the default): the message lines, for `kor_hand`; `email`: the e-mail
 * line, addresses of the training recipe (test/synth/email.ts) in the six Korean fonts' Latin letters and in
 * Latin handwriting fonts, for `eng_hand`.
 *
 * Message lines mix in Latin words of LATIN_WORDLIST (one a line) and the other things visitors write
 * (`text.ts`) when it is given.
 *
 *   tsx test/ocr-training/lines.ts OUT_DIR SEED PHOTOS WORDLIST [FIELD] [LATIN_WORDLIST]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { readSettings } from '../../src/config/settings.ts';
import { readingContext } from '../../src/jobs/digitize.ts';
import { cleanCrop, emailLooks, emailRect, lineLooks, messageLineRects } from '../../src/reading/fields.ts';
import type { GreyImage } from '../../src/reading/homography.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { segmentField } from '../../src/reading/segment.ts';
import { openEmbeddedCardbox } from '../helpers/cardbox.ts';
import { BENCH_SENTENCES } from '../synth/card.ts';
import { HELD_OUT_EXTRA_SENTENCES } from '../synth/field-sets.ts';
import { addTrainingFont } from '../synth/ink.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';
import { seededSerial } from '../synth/serials.ts';
import { trainingSentences } from './text.ts';

const [out, seedArg, photosArg, wordList, field = 'message', latinList] = process.argv.slice(2);
if (!out || !seedArg || !photosArg || !wordList || !['message', 'email'].includes(field))
  throw new Error('usage: lines.ts OUT_DIR SEED PHOTOS WORDLIST [message|email] [LATIN_WORDLIST]');
const require = createRequire(import.meta.url);
const font = (name: string, file: string) =>
  addTrainingFont(name, require.resolve(`@expo-google-fonts/${name}/${file}`));
// Korean handwriting fonts on npm other than the benchmark's three (Nanum Pen Script, Gaegu, Gamja Flower).
const fonts = [
  font('poor-story', 'PoorStory_400Regular.ttf'),
  font('nanum-brush-script', 'NanumBrushScript_400Regular.ttf'),
  font('east-sea-dokdo', 'EastSeaDokdo_400Regular.ttf'),
  font('single-day', '400Regular/SingleDay_400Regular.ttf'),
  font('cute-font', '400Regular/CuteFont_400Regular.ttf'),
  font('dokdo', '400Regular/Dokdo_400Regular.ttf'),
];
// Latin handwriting fonts (no Hangul): e-mail lines only, as visitors write Latin letters in many hands.
const latinFonts = [
  font('caveat', '400Regular/Caveat_400Regular.ttf'),
  font('indie-flower', '400Regular/IndieFlower_400Regular.ttf'),
  font('patrick-hand', '400Regular/PatrickHand_400Regular.ttf'),
  font('kalam', '400Regular/Kalam_400Regular.ttf'),
  font('shadows-into-light', '400Regular/ShadowsIntoLight_400Regular.ttf'),
];

const random = new Random(Number(seedArg));
const charter = ['000_bbf0940995a6eaaf.txt', '002_cae410ccfbe7b2e0.txt'].map((f) =>
  readFileSync(join(import.meta.dirname, '../../../shared/charter', f), 'utf8'),
);
const sentences = trainingSentences(
  random,
  readFileSync(wordList, 'utf8').split('\n'),
  charter,
  // The held-out split's extra sentences count only once Latin words are mixed in (the shipped model's recipe
  // stays as it was made).
  latinList ? [...BENCH_SENTENCES, ...HELD_OUT_EXTRA_SENTENCES] : BENCH_SENTENCES,
  4000,
  latinList ? { latinWords: readFileSync(latinList, 'utf8').split('\n') } : {},
);

const cardbox = await openEmbeddedCardbox(
  readSettings({
    DATA_DIR: await mkdtemp(join(tmpdir(), 'cardbox-train-')),
    PUBLIC_BASE_URL: 'http://cards.test',
  }),
);
const message = cardbox.layout.fields.find((f) => f.id === 'message');
const email = cardbox.layout.fields.find((f) => f.id === 'email');
if (message?.kind !== 'text' || email?.kind !== 'text')
  throw new Error('the layout has no message or e-mail field');
mkdirSync(out, { recursive: true });

/** Tight round the ink, as tesseract's line finder puts the line it reads, with 3 px of paper. */
async function tight(png: Buffer): Promise<Buffer | null> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  let [x0, y0, x1, y1] = [info.width, info.height, -1, -1];
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++)
      if (data[y * info.width + x]! < 140) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  if (x1 - x0 < 10 || y1 - y0 < 6) return null;
  const left = Math.max(0, x0 - 3);
  const top = Math.max(0, y0 - 3);
  const width = Math.min(info.width, x1 + 4) - left;
  const height = Math.min(info.height, y1 + 4) - top;
  return sharp(png).extract({ left, top, width, height }).png().toBuffer();
}

let saved = 0;
const photos = Number(photosArg);
for (let p = 0; p < photos; p++) {
  const count = random.int(4, 12);
  const serials = Array.from({ length: count }, () => {
    const type = random.chance(0.5) ? ('green' as const) : ('yellow' as const);
    return { serial: seededSerial(random, type), type };
  });
  const scene = await makeScene(cardbox.layout, cardbox.profile, random, {
    width: 4000,
    height: 3000,
    cards: count,
    tilt: random.range(0.1, 0.5),
    serials,
    fill:
      field === 'message'
        ? { fonts, sentences }
        : {
            fonts: [...fonts, ...latinFonts],
            noMessage: true,
            alwaysPhone: true,
            alwaysEmail: true,
            emails: 'training',
          },
  });
  await cardbox.store.registry.update((d) => {
    for (const s of serials) d.serials.push({ ...s, batch: 'training', issuedAt: '', origin: 'print' });
  });
  // The pipeline's own upright cards, in the order of the cards it returns; no OCR.
  const upright: { card: GreyImage; template: GreyImage }[] = [];
  const reading = await readPhoto(
    {
      ...(await readingContext(cardbox)),
      readFields: async (card, template) => {
        upright.push({ card, template });
        const none = { text: '', confidence: 0, crop: Buffer.alloc(0) };
        return { message: none, phone: none, email: none };
      },
    },
    scene.jpeg,
  );
  for (const [k, found] of reading.cards.entries()) {
    const truth = scene.cards.find((c) => c.serial === found.serial);
    const { card, template } = upright[k]!;
    if (!truth) continue;
    const lines =
      field === 'message'
        ? truth.message.map((text, i) => ({
            text,
            looks: lineLooks(cleanCrop(card, template, messageLineRects(message)[i]!).image),
          }))
        : truth.email
          ? [
              {
                text: truth.email,
                looks: emailLooks(
                  segmentField(cleanCrop(card, template, emailRect(email, cardbox.layout)).image, { edge: 1 })
                    .image,
                ),
              },
            ]
          : [];
    for (const [i, { text, looks }] of lines.entries()) {
      for (const [l, look] of (await Promise.all(looks)).entries()) {
        const cut = await tight(look);
        if (!cut) continue;
        const base = join(out, `${seedArg}-${p}-${found.serial}-${i}-${l}`);
        const { width, height } = await sharp(cut).metadata();
        writeFileSync(`${base}.png`, cut);
        writeFileSync(`${base}.gt.txt`, `${text}\n`);
        // Tesseract's training form of a line image: the whole line one "word" with its text.
        writeFileSync(
          `${base}.box`,
          `WordStr 0 0 ${width} ${height} 0 #${text}\n\t ${width} 0 ${width + 1} ${height} 0\n`,
        );
        saved++;
      }
    }
  }
  console.log(
    `photo ${p + 1}/${photos}: ${count} cards, ${reading.cards.length} found, ${saved} lines in all`,
  );
}
await cardbox.store.close();
