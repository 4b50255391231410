import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readEmbedded } from '../../repositories/json/dump.ts';
import { countsOf, loadEmbedded } from '../../repositories/pg/load.ts';
import { openDatabase } from '../../repositories/pg/open.ts';
import { parseCommandArgs } from '../args.ts';
import type { CommandIo } from '../io.ts';
import { UsageError } from '../usage.ts';

/** `cardbox migrate --from DATA_DIR --to URL`: an institution's embedded data moved into the regional database. */
export async function migrateCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseCommandArgs(args, {
    from: { type: 'string' },
    to: { type: 'string' },
    institution: { type: 'string', default: 'default' },
    name: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (!values.from) throw new UsageError('--from is required: the data folder to move');
  if (!values.to || !/^postgres(ql)?:\/\//.test(values.to))
    throw new UsageError('--to is required: the database, a URL such as postgres://cardbox@db:5432/cardbox');
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(values.institution))
    throw new UsageError(
      '--institution is a short id of lower-case letters, digits and hyphens, such as gangnam-lib',
    );
  const settings = io.settings();
  // The folder opens with the key that sealed it: its own secret.key, or CARDBOX_KEY when it was run with one.
  const folderKey = existsSync(join(values.from, 'secret.key')) ? undefined : settings.CARDBOX_KEY;
  const { dump, sealer: folder } = await readEmbedded(values.from, folderKey);
  const { pool, sealer: database } = await openDatabase(values.to, {
    key: settings.CARDBOX_KEY,
    institution: values.institution,
    createAs: values.name ?? values.institution,
  });
  try {
    const found = countsOf(dump);
    const stored = await loadEmbedded(pool, values.institution, dump, (sealed) =>
      database.seal(folder.open(sealed)),
    );
    const kinds = Object.keys(found) as (keyof typeof found)[];
    const differ = kinds.filter((kind) => found[kind] !== stored[kind]);
    if (values.json)
      io.out(JSON.stringify({ institution: values.institution, folder: found, database: stored }));
    else {
      io.out(`${values.from} → ${values.institution}`);
      for (const kind of kinds)
        io.out(
          `  ${kind.padEnd(16)} ${String(found[kind]).padStart(8)} → ${String(stored[kind]).padStart(8)}${found[kind] === stored[kind] ? '' : '  ≠'}`,
        );
      io.out(
        differ.length
          ? `수가 맞지 않습니다 (counts differ): ${differ.join(', ')}`
          : '모두 옮겼습니다. 수가 모두 같습니다. (all moved, every count equal; staff log in again)',
      );
    }
    return differ.length ? 1 : 0;
  } finally {
    await pool.end();
  }
}
