import type { DigitizeBatch, PhotoRecord, UnidentifiedCard } from '../../store/records.ts';
import type { DigitizeRepository, PhotoQuery } from '../digitize.ts';
import { inTransaction, type PgScope } from './db.ts';
import { PgTable, type Where, where } from './table.ts';

const open = (u: UnidentifiedCard) => !u.caseId && !u.dismissedAt;

/** Digitizing in PostgreSQL: upload batches, photos (the jobs, by state) and unidentified cards. */
export class PgDigitizeRepository implements DigitizeRepository {
  readonly #batches: PgTable<DigitizeBatch>;
  readonly #photos: PgTable<PhotoRecord>;
  readonly #unidentified: PgTable<UnidentifiedCard>;

  constructor(scope: PgScope) {
    this.#batches = new PgTable(scope, { table: 'digitize_batches', key: (b) => b.id, columns: () => ({}) });
    this.#photos = new PgTable(scope, {
      table: 'photos',
      key: (p) => p.id,
      columns: (p) => ({ status: p.status, error_code: p.error?.code ?? null }),
    });
    this.#unidentified = new PgTable(scope, {
      table: 'unidentified_cards',
      key: (u) => u.id,
      columns: (u) => ({ photo_id: u.photoId, open: open(u) }),
    });
  }

  async addBatch(batch: DigitizeBatch): Promise<void> {
    await this.#batches.insert(batch);
  }

  batch(id: string): Promise<DigitizeBatch | undefined> {
    return this.#batches.get(id);
  }

  async link(batchId: string, photoId: string): Promise<void> {
    await this.#batches.update(batchId, (b) => {
      if (!b.photoIds.includes(photoId)) b.photoIds.push(photoId);
    });
  }

  addPhoto(photo: PhotoRecord): Promise<boolean> {
    return inTransaction(this.#photos.scope, async (client) => {
      if (!(await this.#photos.on(client).insert(photo))) return false;
      await this.#batches.on(client).update(photo.batch, (b) => {
        if (!b.photoIds.includes(photo.id)) b.photoIds.push(photo.id);
      });
      return true;
    });
  }

  photo(id: string): Promise<PhotoRecord | undefined> {
    return this.#photos.get(id);
  }

  photos(query: PhotoQuery = {}): Promise<PhotoRecord[]> {
    return this.#photos.list(matching(query));
  }

  updatePhoto<R>(id: string, change: (photo: PhotoRecord) => R): Promise<{ result: R } | undefined> {
    return this.#photos.update(id, change);
  }

  updatePhotos(query: PhotoQuery, change: (photo: PhotoRecord) => void): Promise<PhotoRecord[]> {
    return this.#photos.updateWhere(matching(query), (p) => {
      change(p);
    });
  }

  async addUnidentified(card: UnidentifiedCard): Promise<void> {
    await this.#unidentified.insert(card);
  }

  unidentifiedCard(id: string): Promise<UnidentifiedCard | undefined> {
    return this.#unidentified.get(id);
  }

  unidentified(query: { open?: boolean; photoId?: string } = {}): Promise<UnidentifiedCard[]> {
    return this.#unidentified.list(
      where(
        query.open !== undefined && ['open = ?', query.open],
        query.photoId !== undefined && ['photo_id = ?', query.photoId],
      ),
    );
  }

  updateUnidentified<R>(
    id: string,
    change: (card: UnidentifiedCard) => R,
  ): Promise<{ result: R } | undefined> {
    return this.#unidentified.update(id, change);
  }
}

function matching(query: PhotoQuery): Where {
  return where(
    query.status !== undefined && ['status = ?', query.status],
    query.ids !== undefined && ['id = ANY(?::text[])', [...query.ids]],
    query.errorCodes !== undefined && ['error_code = ANY(?::text[])', [...query.errorCodes]],
  );
}
