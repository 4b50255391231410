import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings } from '../../src/config/settings.ts';
import { readingContext } from '../../src/jobs/digitize.ts';
import { closeOcr } from '../../src/reading/ocr.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { openEmbeddedCardbox } from '../helpers/cardbox.ts';
import { benchScenes } from '../synth/bench-set.ts';
import type { Scene } from '../synth/scene.ts';
import { emptyScores, scorePhoto, summary } from '../synth/score.ts';

/** The sets: the ingest benchmark's main one, a far one (20 cards a photo) and a near one (6 a photo). */
const SETS = [
  { label: 'main set (seed 20261122), 100 cards in 12 photos', photos: 12, options: {} },
  {
    label: 'seed 303, 80 cards in 4 photos (20 a photo), tilt ≈35°',
    photos: 4,
    options: { seed: 303, cardsPerPhoto: 20, tilt: 0.5 },
  },
  {
    label: 'seed 1212, 60 cards in 10 photos (6 a photo), tilt ≈20°',
    photos: 10,
    options: { seed: 1212, cardsPerPhoto: 6, tilt: 0.3 },
  },
];

/**
 * Issue 16: the reading alone (`readPhoto`, no job, no store of cases) on three of the ingest benchmark's sets,
 * about a minute and a half on two cores: what to run after changing the card's layout, before and after, in
 * place of the whole ingest benchmark (`npm run bench -- ingest`, many minutes). Same figures as there.
 */
export async function run(): Promise<string> {
  const rows: string[] = [];
  try {
    for (const set of SETS) {
      const dir = await mkdtemp(join(tmpdir(), 'cardbox-bench-reading-'));
      const cardbox = await openEmbeddedCardbox(
        readSettings({ DATA_DIR: dir, PUBLIC_BASE_URL: 'http://cards.test' }),
      );
      try {
        const scenes: Scene[] = [];
        for await (const s of benchScenes(cardbox.layout, cardbox.profile, set.photos, set.options))
          scenes.push(s);
        await cardbox.store.registry.update((d) => {
          for (const s of scenes)
            for (const c of s.cards)
              d.serials.push({
                serial: c.serial,
                type: c.type,
                batch: 'bench',
                issuedAt: '',
                origin: 'print',
              });
        });
        const scores = emptyScores();
        const started = performance.now();
        for (const scene of scenes)
          scorePhoto(scene.cards, await readPhoto(await readingContext(cardbox), scene.jpeg), scores);
        const seconds = (performance.now() - started) / 1000;
        const s = summary(scores);
        const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
        rows.push(
          `| ${set.label} | ${pct(s.recall)}, ${s.wrongSerials} | ${pct(s.checkboxAccuracy)} (undecided ${pct(s.checkboxUndecided)}; wrong and not flagged ${scores.boxesWrongUnflagged}) | ${pct(s.messageCer)} | ${scores.phonesExact}/${scores.phones} | ${scores.emailsExact}/${scores.emails} | ${seconds.toFixed(0)} s |`,
        );
      } finally {
        await cardbox.store.close();
        await rm(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await closeOcr();
  }
  return [
    '## Reading alone, three sets (issue 16: for a change of the card layout)',
    '',
    `Command: \`npm run bench -- reading\`. Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}. \`readPhoto\` on the photos of three of the ingest benchmark's sets (the same seeds, so the same figures as there), serials registered as printed.`,
    '',
    '| set | recall, wrong serials | checkboxes | message CER | phones exact | e-mails exact | time |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
