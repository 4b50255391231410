import type pg from 'pg';
import type { Institution, InstitutionRepository } from '../institutions.ts';

/** The institutions of a regional database. */
export class PgInstitutionRepository implements InstitutionRepository {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async list(): Promise<Institution[]> {
    const { rows } = await this.#pool.query<Institution>(
      `SELECT id, name, base_url AS "baseUrl", profile FROM institutions ORDER BY id = 'default' DESC, name, id`,
    );
    return rows;
  }

  async add(institution: Institution): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      'INSERT INTO institutions (id, name, base_url, profile) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [
        institution.id,
        institution.name,
        institution.baseUrl,
        institution.profile ? JSON.stringify(institution.profile) : null,
      ],
    );
    return rowCount === 1;
  }

  async ownerOfSerial(serial: string): Promise<string | undefined> {
    const { rows } = await this.#pool.query<{ institution_id: string }>(
      'SELECT institution_id FROM serials WHERE id = $1',
      [serial],
    );
    return rows[0]?.institution_id;
  }
}
