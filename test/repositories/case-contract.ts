import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CaseRepository, SerialTakenError } from '../../src/repositories/cases.ts';
import type { CaseRecord } from '../../src/store/records.ts';
import { freshEachTest } from './fresh.ts';

/** A repository on fresh, empty storage; `reopen` gives a new one on the same storage, as after a restart. */
export interface CaseRepositoryUnderTest {
  repo: CaseRepository;
  reopen: () => Promise<CaseRepository>;
  cleanup: () => Promise<void>;
}

let serialCounter = 0;

/** A stored case as intake makes it (only what the contract looks at differs between cases). */
export function caseRecord(fields: Partial<CaseRecord> = {}): CaseRecord {
  serialCounter += 1;
  const at = fields.receivedAt ?? '2026-05-01T01:00:00.000Z';
  return {
    id: randomUUID(),
    serial: `G-TEST-${String(serialCounter).padStart(5, '0')}`,
    type: 'green',
    channel: 'online',
    status: 'received',
    receivedAt: at,
    areas: [],
    satisfaction: null,
    message: '의견',
    replyWanted: false,
    consent: false,
    contact: null,
    rule: 'suggestion',
    dueAt: '2026-05-08T15:00:00.000Z',
    updatedAt: at,
    history: [{ at, by: 'visitor', what: '접수' }],
    ...fields,
  };
}

/**
 * What every case repository must do, whatever stores it: the embedded JSON store now, PostgreSQL next. The
 * same tests run against each implementation.
 */
export function caseRepositoryContract(name: string, open: () => Promise<CaseRepositoryUnderTest>): void {
  describe(`the case repository contract: ${name}`, () => {
    const fresh = freshEachTest(open);

    it('finds a case by id, serial and form id, and keeps it across a restart', async () => {
      const { repo, reopen } = await fresh();
      const record = caseRecord({ submissionId: 'form-1' });
      expect(await repo.insert(record)).toEqual({ record, created: true });
      expect((await repo.get(record.id))?.serial).toBe(record.serial);
      expect((await repo.getBySerial(record.serial!))?.id).toBe(record.id);
      expect((await repo.getBySubmission('form-1'))?.id).toBe(record.id);
      expect(await repo.get('no-such-case')).toBeUndefined();
      const again = await reopen();
      expect(await again.get(record.id)).toEqual(record);
      expect((await again.getBySerial(record.serial!))?.id).toBe(record.id);
      expect(await again.count()).toBe(1);
    });

    it('keeps one case per serial and per form, also when twenty requests race', async () => {
      const { repo } = await fresh();
      const serial = caseRecord().serial!;
      const results = await Promise.all(
        Array.from({ length: 20 }, () => repo.insert(caseRecord({ serial }))),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const winner = results.find((r) => r.created)!.record;
      expect(results.every((r) => r.record.id === winner.id)).toBe(true);
      const byForm = await Promise.all(
        Array.from({ length: 5 }, () => repo.insert(caseRecord({ submissionId: 'form-2' }))),
      );
      expect(byForm.filter((r) => r.created)).toHaveLength(1);
      expect(await repo.count()).toBe(2);
    });

    it('stores a change durably, and says when there is no such case', async () => {
      const { repo, reopen } = await fresh();
      const record = caseRecord();
      await repo.insert(record);
      const out = await repo.update(record.id, (r) => {
        r.status = 'in_review';
        return 'done';
      });
      expect(out).toEqual({ result: 'done' });
      expect(await repo.update('no-such-case', () => 'x')).toBeUndefined();
      expect((await (await reopen()).get(record.id))?.status).toBe('in_review');
    });

    it('changes several cases at once, storing only those changed', async () => {
      const { repo, reopen } = await fresh();
      const [a, b, c] = [caseRecord(), caseRecord(), caseRecord()];
      for (const r of [a, b, c]) await repo.insert(r);
      const changed = await repo.updateEach([a.id, b.id, 'missing', c.id], (r) => {
        if (r.id === b.id) return false;
        r.remindedFor = '2026-05-08T15:00:00.000Z';
      });
      expect(changed.map((r) => r.id).sort()).toEqual([a.id, c.id].sort());
      const again = await reopen();
      expect((await again.get(a.id))?.remindedFor).toBeDefined();
      expect((await again.get(b.id))?.remindedFor).toBeUndefined();
    });

    it('gives a case without a serial the one staff typed, never one another case has', async () => {
      const { repo, reopen } = await fresh();
      const unknown = caseRecord({ serial: null, channel: 'cardbox' });
      const other = caseRecord();
      await repo.insert(unknown);
      await repo.insert(other);
      await expect(repo.setSerial(unknown.id, other.serial!)).rejects.toBeInstanceOf(SerialTakenError);
      const serial = caseRecord().serial!;
      await repo.setSerial(unknown.id, serial);
      expect((await repo.getBySerial(serial))?.id).toBe(unknown.id);
      expect((await (await reopen()).getBySerial(serial))?.id).toBe(unknown.id);
    });

    it('lists by status, period, officer and unconfirmed reading, in the order received', async () => {
      const { repo } = await fresh();
      const officer = { department: 'admin', name: '한담당', phone: '258-2518', userId: 'u1' };
      const reading = {
        needsReview: [],
        fields: {},
        checks: {},
        photoIds: [],
      } as unknown as CaseRecord['reading'];
      const records = [
        caseRecord({ receivedAt: '2026-01-10T00:00:00.000Z', status: 'answered' }),
        caseRecord({ receivedAt: '2026-02-10T00:00:00.000Z', officer, status: 'assigned' }),
        caseRecord({ receivedAt: '2026-03-10T00:00:00.000Z', reading }),
      ];
      for (const r of records) await repo.insert(r);
      const ids = (list: CaseRecord[]) => list.map((r) => r.id);
      expect(ids(await repo.list())).toEqual(ids(records));
      expect(ids(await repo.list({ status: ['received', 'assigned'] }))).toEqual(ids(records.slice(1)));
      expect(
        ids(
          await repo.list({
            receivedFrom: '2026-02-01T00:00:00.000Z',
            receivedBefore: '2026-03-01T00:00:00.000Z',
          }),
        ),
      ).toEqual([records[1]!.id]);
      expect(ids(await repo.list({ officer: 'u1' }))).toEqual([records[1]!.id]);
      expect(ids(await repo.list({ unconfirmedReading: true }))).toEqual([records[2]!.id]);
      expect(await repo.earliestReceived()).toBe('2026-01-10T00:00:00.000Z');
    });

    it('lists the cases still holding personal data (contact, contact draft, card images), also after changes', async () => {
      const { repo, reopen } = await fresh();
      const reading = (fields: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
        ({ fields, checks: {}, needsReview: [], photoIds: [], ...extra }) as unknown as CaseRecord['reading'];
      const contact = caseRecord({ contact: { sealed: 'x' } as unknown as CaseRecord['contact'] });
      const images = caseRecord({ reading: reading({}) });
      const purgedWithDraft = caseRecord({
        reading: reading({ phone: { text: '010', confidence: 1 } }),
        filesPurgedAt: '2026-01-01T00:00:00.000Z',
      });
      const purged = caseRecord({ reading: reading({}), filesPurgedAt: '2026-01-01T00:00:00.000Z' });
      const plain = caseRecord();
      for (const record of [contact, images, purgedWithDraft, purged, plain]) await repo.insert(record);
      const holding = async (r: CaseRepository) =>
        (await r.list({ holdingPersonalData: true })).map((c) => c.id).sort();
      expect(await holding(repo)).toEqual([contact.id, images.id, purgedWithDraft.id].sort());
      expect((await repo.list({ holdingPersonalData: false })).map((c) => c.id).sort()).toEqual(
        [purged.id, plain.id].sort(),
      );
      await repo.update(contact.id, (c) => {
        c.contact = null;
      });
      await repo.update(plain.id, (c) => {
        c.reading = reading({});
      });
      expect(await holding(await reopen())).toEqual([images.id, purgedWithDraft.id, plain.id].sort());
    });

    it('lists the cases the charter sweep has something due for by an instant, also after changes', async () => {
      const { repo, reopen } = await fresh();
      const now = '2026-06-01T00:00:00.000Z';
      const officer = { userId: 'u1', name: '김담당', department: '자료봉사과', phone: '02-000-0000' };
      const breach = (dueAt: string) => ({ rule: 'suggestion', dueAt, detectedAt: dueAt });
      const missed = caseRecord({ dueAt: '2026-05-30T15:00:00.000Z' });
      const recorded = caseRecord({
        dueAt: '2026-05-30T15:00:00.000Z',
        breaches: [breach('2026-05-30T15:00:00.000Z')],
      });
      const promiseMissed = caseRecord({
        dueAt: '2026-05-20T15:00:00.000Z',
        promisedAt: '2026-05-31T15:00:00.000Z',
        breaches: [breach('2026-05-20T15:00:00.000Z')],
      });
      const farAhead = caseRecord({ dueAt: '2026-07-01T15:00:00.000Z', officer });
      const unassigned = caseRecord({ dueAt: '2026-06-08T15:00:00.000Z' });
      const toRemind = caseRecord({ dueAt: '2026-06-08T15:00:00.000Z', officer, status: 'assigned' });
      const reminded = caseRecord({
        dueAt: '2026-06-08T15:00:00.000Z',
        officer,
        status: 'assigned',
        remindedFor: '2026-06-08T15:00:00.000Z',
      });
      const answered = caseRecord({ dueAt: '2026-05-30T15:00:00.000Z', status: 'answered', answeredAt: now });
      const all = [missed, recorded, promiseMissed, farAhead, unassigned, toRemind, reminded, answered];
      for (const record of all) await repo.insert(record);
      const due = async (r: CaseRepository) => (await r.list({ attentionBy: now })).map((c) => c.id).sort();
      expect(await due(repo)).toEqual([missed.id, promiseMissed.id, toRemind.id].sort());
      await repo.update(missed.id, (c) => {
        c.breaches = [breach(c.dueAt)];
      });
      await repo.update(unassigned.id, (c) => {
        c.officer = officer;
      });
      expect(await due(await reopen())).toEqual([promiseMissed.id, toRemind.id, unassigned.id].sort());
    });

    it('counts how many of a batch of serials have a case, each serial once', async () => {
      const { repo, reopen } = await fresh();
      const back = [caseRecord(), caseRecord()];
      for (const record of back) await repo.insert(record);
      await repo.insert(caseRecord({ serial: null }));
      const batch = [back[0]!.serial!, 'G-NEVER-BACK1', back[1]!.serial!, back[1]!.serial!];
      expect(await repo.countWithSerials(batch)).toBe(2);
      expect(await repo.countWithSerials([])).toBe(0);
      expect(await (await reopen()).countWithSerials(batch)).toBe(2);
    });

    it('has nothing to say about an empty store', async () => {
      const { repo } = await fresh();
      expect(await repo.count()).toBe(0);
      expect(await repo.list()).toEqual([]);
      expect(await repo.earliestReceived()).toBeUndefined();
    });
  });
}
