import type { Store } from '../../store/index.ts';
import type { Repositories, RunAlone, SerialLookup, Transaction } from '../index.ts';
import { JsonAuditRepository } from './audit.ts';
import { JsonCaseRepository } from './cases.ts';
import { JsonDigitizeRepository } from './digitize.ts';
import { JsonOutboxRepository } from './outbox.ts';
import { JsonPlanRepository } from './plans.ts';
import { JsonRegistryRepository } from './registry.ts';
import { JsonSequenceRepository } from './sequences.ts';
import { JsonSessionRepository, JsonUserRepository } from './staff.ts';

/** The repositories over the embedded store of one data folder. */
export function jsonRepositories(
  store: Store,
  options: { maxCases?: number } = {},
): Repositories & { transaction: Transaction; runAlone: RunAlone; lookupSerial: SerialLookup } {
  const repositories: Repositories = {
    cases: new JsonCaseRepository(store.cases, options),
    audit: new JsonAuditRepository(store.audit),
    users: new JsonUserRepository(store.auth),
    sessions: new JsonSessionRepository(store.auth),
    registry: new JsonRegistryRepository(store.registry),
    outbox: new JsonOutboxRepository(store.outbox),
    plans: new JsonPlanRepository(store.plans),
    digitize: new JsonDigitizeRepository(store.digitize),
    sequences: new JsonSequenceRepository(store.sequences),
  };
  // The data folder is one process's (its lock): transactions queued one after another are isolated.
  let last: Promise<unknown> = Promise.resolve();
  const transaction: Transaction = (work) => {
    const run = last.then(() => work(repositories));
    last = run.catch(() => {});
    return run;
  };
  // The data folder is this process's alone (its lock): nothing else can be running the work.
  // One process has the data folder: nothing else runs its work; `every` is kept in memory.
  const started = new Map<string, number>();
  const runAlone: RunAlone = async (name, work, options) => {
    const last = started.get(name);
    if (options?.every && last !== undefined && Date.now() - last < options.every) return { ran: false };
    started.set(name, Date.now());
    return { ran: true, result: await work() };
  };
  const lookupSerial: SerialLookup = async (serial) => ({
    issued: await repositories.registry.find(serial),
    record: await repositories.cases.getBySerial(serial),
  });
  return { ...repositories, transaction, runAlone, lookupSerial };
}
