import { readFile } from 'node:fs/promises';
import { bootstrapAdmin } from '../../auth/index.ts';
import { institutionCardbox } from '../../context.ts';
import { profileOf } from '../../deployment.ts';
import { cardLayout } from '../../profile/card-layout.ts';
import { loadProfile, parseProfile } from '../../profile/load.ts';
import { PgInstitutionRepository } from '../../repositories/pg/institutions.ts';
import { checkKey, openDatabase } from '../../repositories/pg/open.ts';
import { parseCommandArgs } from '../args.ts';
import type { CommandIo } from '../io.ts';
import { UsageError } from '../usage.ts';

/**
 * `cardbox institution add|list`: the institutions of a regional database (DATABASE_URL). A new one gets its
 * first administrator with a one-time password, printed once, as a fresh server does.
 */
export async function institutionCommand(args: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseCommandArgs(rest, {
    id: { type: 'string' },
    name: { type: 'string' },
    'base-url': { type: 'string' },
    profile: { type: 'string' },
  });
  const settings = io.settings();
  if (!settings.DATABASE_URL) throw new UsageError('institutions are kept in PostgreSQL: set DATABASE_URL');
  if (sub !== 'add' && sub !== 'list') throw new UsageError('institution add … or institution list');
  if (sub === 'add') {
    if (!values.id || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(values.id))
      throw new UsageError(
        '--id is a short id of lower-case letters, digits and hyphens, such as gangnam-lib',
      );
    if (!values.name?.trim())
      throw new UsageError('--name is required: the institution’s name as visitors know it');
    if (!values['base-url'] || !/^https?:\/\/[^/]+$/.test(values['base-url']))
      throw new UsageError(
        '--base-url is required: its own address, such as https://gangnam.cards.example.kr',
      );
  }
  const database = await openDatabase(settings.DATABASE_URL, {
    key: settings.CARDBOX_KEY,
    institution: 'default',
  });
  try {
    const institutions = new PgInstitutionRepository(database.pool);
    if (sub === 'list') {
      for (const row of await institutions.list())
        io.out(
          `${row.id}\t${row.name}\t${row.baseUrl ?? settings.PUBLIC_BASE_URL}${row.profile ? '\t(own profile)' : ''}`,
        );
      return 0;
    }
    const profileFile = values.profile;
    const profile = profileFile
      ? parseProfile(JSON.parse(await readFile(profileFile, 'utf8')), profileFile)
      : null;
    const institution = { id: values.id!, name: values.name!.trim(), baseUrl: values['base-url']!, profile };
    const added = await institutions.add(institution);
    if (!added) {
      io.err(
        `기관 ${values.id} 또는 주소 ${values['base-url']}는 이미 있습니다. (Institution id or address already taken)`,
      );
      return 1;
    }
    await checkKey(database.pool, values.id!, database.key);
    const own = profileOf(institution, await loadProfile(settings.CARDBOX_PROFILE));
    const cardbox = institutionCardbox(
      {
        settings: { ...settings, PUBLIC_BASE_URL: values['base-url']! },
        profile: own,
        layout: cardLayout(own),
        now: () => new Date(),
      },
      database,
      values.id!,
    );
    const admin = await bootstrapAdmin(cardbox, undefined);
    io.out(`기관 ${values.id} (${values.name}) 추가: ${values['base-url']}`);
    if (admin?.oneTimePassword)
      io.out(
        `첫 관리자 "${admin.username}", 일회용 비밀번호 ${admin.oneTimePassword} (이번 한 번만 보입니다; ${values['base-url']}/staff/login)`,
      );
    return 0;
  } finally {
    await database.pool.end();
  }
}
