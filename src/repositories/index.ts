import type { CaseRecord, SerialRecord } from '../store/records.ts';
import type { AuditRepository } from './audit.ts';
import type { CaseRepository } from './cases.ts';
import type { DigitizeRepository } from './digitize.ts';
import type { OutboxRepository } from './outbox.ts';
import type { PlanRepository } from './plans.ts';
import type { RegistryRepository } from './registry.ts';
import type { SequenceRepository } from './sequences.ts';
import type { SessionRepository, UserRepository } from './staff.ts';

/** Every kind of record Cardbox keeps, each behind its own repository. */
export interface Repositories {
  cases: CaseRepository;
  audit: AuditRepository;
  users: UserRepository;
  sessions: SessionRepository;
  registry: RegistryRepository;
  outbox: OutboxRepository;
  plans: PlanRepository;
  digitize: DigitizeRepository;
  sequences: SequenceRepository;
}

/**
 * Runs `work` as one transaction over the repositories it is handed: no other transaction sees its changes
 * half done or changes what it read meanwhile. (The embedded store runs transactions one at a time, in one
 * process; PostgreSQL runs them as database transactions.) Work outside a transaction is not held back.
 */
export type Transaction = <R>(work: (tx: Repositories) => Promise<R>) => Promise<R>;

/**
 * Runs `work` unless another process of the deployment is running work of that name right now (then it is
 * skipped and `ran` is false): periodic work every app process starts (the casework sweep) runs once at a time.
 * With `every` (ms), it is also skipped when any process of the deployment started it less than that long ago:
 * four app processes sweeping every minute sweep once a minute between them, not four times.
 */
export type RunAlone = <R>(
  name: string,
  work: () => Promise<R>,
  options?: { every?: number },
) => Promise<{ ran: boolean; result?: R }>;

/**
 * What a serial stands for: its entry in the registry and its case, read together (on a database one round
 * trip, not two: it runs on every visit and every submission of a card).
 */
export type SerialLookup = (
  serial: string,
) => Promise<{ issued: SerialRecord | undefined; record: CaseRecord | undefined }>;
