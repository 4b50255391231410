import type { DigitizeBatch, PhotoRecord, UnidentifiedCard } from '../store/records.ts';

/** Box digitizing: upload batches, photos (each a persisted job) and the cards found whose code was unread. */
export interface DigitizeRepository {
  addBatch(batch: DigitizeBatch): Promise<void>;
  batch(id: string): Promise<DigitizeBatch | undefined>;
  /** Adds a photo to an upload batch (once). */
  link(batchId: string, photoId: string): Promise<void>;
  /** Stores a photo's job and links it to its batch; false when a photo of that id is stored already. */
  addPhoto(photo: PhotoRecord): Promise<boolean>;
  photo(id: string): Promise<PhotoRecord | undefined>;
  /** In upload order, every condition given holding. */
  photos(query?: PhotoQuery): Promise<PhotoRecord[]>;
  updatePhoto<R>(id: string, change: (photo: PhotoRecord) => R): Promise<{ result: R } | undefined>;
  /** Runs `change` on every photo matching `query`, in one write; resolves with those changed. */
  updatePhotos(query: PhotoQuery, change: (photo: PhotoRecord) => void): Promise<PhotoRecord[]>;
  /** Records an unidentified card once (the same card found again by a job run twice is not added). */
  addUnidentified(card: UnidentifiedCard): Promise<void>;
  unidentifiedCard(id: string): Promise<UnidentifiedCard | undefined>;
  /** In the order found; `open`: neither identified nor dismissed. */
  unidentified(query?: { open?: boolean; photoId?: string }): Promise<UnidentifiedCard[]>;
  updateUnidentified<R>(
    id: string,
    change: (card: UnidentifiedCard) => R,
  ): Promise<{ result: R } | undefined>;
}

export interface PhotoQuery {
  status?: PhotoRecord['status'];
  ids?: readonly string[];
  /** Failed with one of these error codes. */
  errorCodes?: readonly string[];
}
