import type { DigitizeBatch, DigitizeFile, PhotoRecord, UnidentifiedCard } from '../../store/records.ts';
import type { Table } from '../../store/table.ts';
import type { DigitizeRepository, PhotoQuery } from '../digitize.ts';
import { JsonCollection } from './collection.ts';

/** Digitizing in the embedded store (`digitize.json`). */
export class JsonDigitizeRepository implements DigitizeRepository {
  readonly #table: Table<DigitizeFile>;
  readonly #batches: JsonCollection<DigitizeFile, DigitizeBatch>;
  readonly #photos: JsonCollection<DigitizeFile, PhotoRecord>;
  readonly #unidentified: JsonCollection<DigitizeFile, UnidentifiedCard>;

  constructor(table: Table<DigitizeFile>) {
    this.#table = table;
    this.#batches = new JsonCollection(
      table,
      (data) => data.batches,
      (batch) => batch.id,
    );
    this.#photos = new JsonCollection(
      table,
      (data) => data.photos,
      (photo) => photo.id,
    );
    this.#unidentified = new JsonCollection(
      table,
      (data) => data.unidentified,
      (card) => card.id,
    );
  }

  async addBatch(batch: DigitizeBatch): Promise<void> {
    await this.#batches.insert(batch);
  }

  async batch(id: string): Promise<DigitizeBatch | undefined> {
    return this.#batches.get(id);
  }

  async link(batchId: string, photoId: string): Promise<void> {
    const batch = this.#batches.get(batchId);
    if (!batch || batch.photoIds.includes(photoId)) return;
    await this.#batches.update(batchId, (b) => {
      if (!b.photoIds.includes(photoId)) b.photoIds.push(photoId);
    });
  }

  async addPhoto(photo: PhotoRecord): Promise<boolean> {
    return this.#table.update((data) => {
      if (data.photos.some((p) => p.id === photo.id)) return false;
      data.photos.push(photo);
      const batch = data.batches.find((b) => b.id === photo.batch);
      if (batch && !batch.photoIds.includes(photo.id)) batch.photoIds.push(photo.id);
      return true;
    });
  }

  async photo(id: string): Promise<PhotoRecord | undefined> {
    return this.#photos.get(id);
  }

  async photos(query: PhotoQuery = {}): Promise<PhotoRecord[]> {
    return this.#photos.all().filter(matching(query));
  }

  updatePhoto<R>(id: string, change: (photo: PhotoRecord) => R): Promise<{ result: R } | undefined> {
    return this.#photos.update(id, change);
  }

  updatePhotos(query: PhotoQuery, change: (photo: PhotoRecord) => void): Promise<PhotoRecord[]> {
    return this.#photos.updateWhere(matching(query), change);
  }

  async addUnidentified(card: UnidentifiedCard): Promise<void> {
    await this.#unidentified.insert(card, (stored) => stored.some((u) => u.id === card.id));
  }

  async unidentifiedCard(id: string): Promise<UnidentifiedCard | undefined> {
    return this.#unidentified.get(id);
  }

  async unidentified(query: { open?: boolean; photoId?: string } = {}): Promise<UnidentifiedCard[]> {
    return this.#unidentified
      .all()
      .filter(
        (u) =>
          (query.open === undefined || (!u.caseId && !u.dismissedAt) === query.open) &&
          (!query.photoId || u.photoId === query.photoId),
      );
  }

  updateUnidentified<R>(
    id: string,
    change: (card: UnidentifiedCard) => R,
  ): Promise<{ result: R } | undefined> {
    return this.#unidentified.update(id, change);
  }
}

function matching(query: PhotoQuery): (photo: PhotoRecord) => boolean {
  const ids = query.ids ? new Set(query.ids) : undefined;
  return (p) =>
    (!query.status || p.status === query.status) &&
    (!ids || ids.has(p.id)) &&
    (!query.errorCodes || query.errorCodes.includes(p.error?.code ?? ''));
}
