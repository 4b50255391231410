import { openStore } from '../../store/index.ts';
import type {
  AuditEntry,
  CaseRecord,
  CharterMilestone,
  DigitizeBatch,
  OutboxMessage,
  PhotoRecord,
  PlanItem,
  PrintBatch,
  SerialRecord,
  StaffUser,
  UnidentifiedCard,
} from '../../store/records.ts';
import type { Sealer } from '../../store/sealer.ts';

/** Everything an embedded data folder holds, kind by kind, in the order stored (sessions aside: staff log in again). */
export interface EmbeddedDump {
  users: StaffUser[];
  batches: PrintBatch[];
  serials: SerialRecord[];
  cases: CaseRecord[];
  audit: AuditEntry[];
  outbox: OutboxMessage[];
  plans: PlanItem[];
  milestones: CharterMilestone[];
  digitizeBatches: DigitizeBatch[];
  photos: PhotoRecord[];
  unidentified: UnidentifiedCard[];
  counters: Record<string, number>;
}

/**
 * Reads a whole data folder (taking its lock, so no server writes meanwhile) with the key that sealed it
 * (`CARDBOX_KEY` or its `secret.key`, checked as a start would).
 */
export async function readEmbedded(
  dir: string,
  key: string | undefined,
): Promise<{ dump: EmbeddedDump; sealer: Sealer; root: string }> {
  const store = await openStore(dir, key ? { key } : {});
  try {
    const copy = <T>(items: T[]): T[] => structuredClone(items);
    return {
      root: store.dir,
      sealer: store.sealer,
      dump: {
        users: copy(store.auth.data.users),
        batches: copy(store.registry.data.batches),
        serials: copy(store.registry.data.serials),
        cases: copy(store.cases.data.cases),
        audit: copy(store.audit.data.entries),
        outbox: copy(store.outbox.data.messages),
        plans: copy(store.plans.data.plans),
        milestones: copy(store.plans.data.milestones),
        digitizeBatches: copy(store.digitize.data.batches),
        photos: copy(store.digitize.data.photos),
        unidentified: copy(store.digitize.data.unidentified),
        counters: { ...store.sequences.data.counters },
      },
    };
  } finally {
    await store.close();
  }
}
