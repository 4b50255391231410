import type pg from 'pg';
import { keyFingerprint, opensAny, parseKey, sameFingerprint } from '../../store/key-file.ts';
import type { Sealed } from '../../store/records.ts';
import { Sealer } from '../../store/sealer.ts';
import { openPool } from './db.ts';
import { migrate } from './migrate.ts';

/**
 * Opens the database of `DATABASE_URL`: a pool, the schema migrated, and the sealer of contact details with the
 * key every process shares (`CARDBOX_KEY`), checked against the fingerprint the database keeps for the
 * institution: a wrong key is refused rather than used to seal new contacts nobody else could open.
 */
export async function openDatabase(
  url: string,
  options: {
    key: string | undefined;
    institution: string /** Adds the institution under this name if new. */;
    createAs?: string;
  },
): Promise<{ pool: pg.Pool; sealer: Sealer; key: Buffer }> {
  if (!options.key)
    throw new Error(
      'DATABASE_URL을 쓸 때는 CARDBOX_KEY가 필요합니다. 모든 앱·판독 프로세스가 같은 키로 연락처를 암호화하고 엽니다. ' +
        '(With DATABASE_URL, set CARDBOX_KEY: every app and worker process seals and opens contact details with the same key.)',
    );
  const key = parseKey(options.key, 'CARDBOX_KEY');
  const pool = openPool(url);
  try {
    await migrate(pool);
    if (options.createAs !== undefined)
      await pool.query('INSERT INTO institutions (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [
        options.institution,
        options.createAs,
      ]);
    await checkKey(pool, options.institution, key);
  } catch (error) {
    await pool.end().catch(() => {});
    throw unreachable(error, url) ?? error;
  }
  return { pool, sealer: new Sealer(key), key };
}

/** Refuses a key that is not the one that sealed the institution's contact details (recorded on first use). */
export async function checkKey(pool: pg.Pool, institution: string, key: Buffer): Promise<void> {
  const actual = keyFingerprint(key);
  const { rows } = await pool.query<{ hmac_sha256: string }>(
    'SELECT hmac_sha256 FROM key_fingerprints WHERE institution_id = $1',
    [institution],
  );
  const recorded = rows[0]?.hmac_sha256;
  if (recorded !== undefined && sameFingerprint(recorded, actual)) return;
  if (recorded === undefined) {
    const samples = await pool.query<{ contact: Sealed }>(
      `SELECT record->'contact' AS contact FROM cases WHERE institution_id = $1 AND json_typeof(record->'contact') = 'object' LIMIT 5`,
      [institution],
    );
    const sealed = samples.rows.map((row) => row.contact);
    if (sealed.length === 0 || opensAny(new Sealer(key), sealed)) {
      await pool.query(
        'INSERT INTO key_fingerprints (institution_id, hmac_sha256) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [institution, actual],
      );
      return checkKey(pool, institution, key);
    }
  }
  throw new Error(
    `CARDBOX_KEY가 데이터베이스에 저장된 연락처를 암호화한 키와 맞지 않아 시작하지 않습니다. 원래 키를 CARDBOX_KEY로 설정하세요. ` +
      `(CARDBOX_KEY does not match the key that sealed the contact details in the database; set it to the original key.)`,
  );
}

/** A database that cannot be reached or refuses the login, said so with where it was looked for (no password). */
function unreachable(error: unknown, url: string): Error | undefined {
  const code = (error as { code?: string }).code ?? '';
  if (!['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', '28P01', '28000', '3D000'].includes(code))
    return undefined;
  const where = new URL(url);
  const place = `${where.hostname}:${where.port || 5432}${where.pathname}`;
  return new Error(
    `DATABASE_URL의 데이터베이스(${place})에 연결할 수 없습니다: ${(error as Error).message}. 주소, 사용자, 데이터베이스 이름을 확인해 주세요. ` +
      `(Cannot reach the database of DATABASE_URL, ${place}: ${(error as Error).message}; check the address, user and database name.)`,
  );
}
