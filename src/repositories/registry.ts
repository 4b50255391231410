import type { PrintBatch, SerialRecord } from '../store/records.ts';

/** The registry of issued serials and the batches they were issued in: it proves a serial is ours. */
export interface RegistryRepository {
  /** Records a batch and its serials (before any card is printed); false and nothing recorded when one is taken. */
  issue(batch: PrintBatch, serials: readonly SerialRecord[]): Promise<boolean>;
  /** Takes a batch and its serials back out (its cards could not be written after all). */
  withdraw(batchId: string): Promise<void>;
  find(serial: string): Promise<SerialRecord | undefined>;
  /** Every issued serial, to identify a card by its printed serial when its code cannot be decoded. */
  issuedSerials(): Promise<Iterable<string>>;
  /** The batches in the order issued; `printed` only those printed on paper (not one-off online serials). */
  batches(query?: { printed?: boolean }): Promise<PrintBatch[]>;
  batch(id: string): Promise<PrintBatch | undefined>;
  /** A batch's serials in the order they were issued (and printed). */
  serialsOf(batchId: string): Promise<SerialRecord[]>;
  /** Whether any serial was ever issued for this origin (an online form sent, say). */
  anyIssued(origin: SerialRecord['origin']): Promise<boolean>;
  /** When the first batch was issued; undefined before any. */
  earliestIssued(): Promise<string | undefined>;
}
