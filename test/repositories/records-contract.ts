import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Repositories, SerialLookup, Transaction } from '../../src/repositories/index.ts';
import type {
  OutboxMessage,
  PhotoRecord,
  PlanItem,
  PrintBatch,
  SerialRecord,
  StaffUser,
} from '../../src/store/records.ts';
import { caseRecord } from './case-contract.ts';
import { freshEachTest } from './fresh.ts';

export type RepositorySet = Repositories & { transaction: Transaction; lookupSerial: SerialLookup };

/** Repositories on fresh, empty storage; `reopen` gives new ones on the same storage, as after a restart. */
export interface RepositoriesUnderTest {
  repos: RepositorySet;
  reopen: () => Promise<RepositorySet>;
  cleanup: () => Promise<void>;
}

const AT = '2026-05-01T01:00:00.000Z';

function user(fields: Partial<StaffUser> = {}): StaffUser {
  const id = randomUUID();
  return {
    id,
    username: `u${id.slice(0, 8)}`,
    name: '직원',
    role: 'staff',
    passwordHash: 'x',
    createdAt: AT,
    ...fields,
  };
}

function batch(fields: Partial<PrintBatch> = {}): PrintBatch {
  return {
    id: randomUUID(),
    type: 'green',
    count: 2,
    createdAt: AT,
    createdBy: 'admin',
    format: 'pdf',
    ...fields,
  };
}

function serialsOf(
  b: PrintBatch,
  serials: string[],
  origin: SerialRecord['origin'] = 'print',
): SerialRecord[] {
  return serials.map((serial) => ({ serial, type: b.type, batch: b.id, issuedAt: b.createdAt, origin }));
}

function message(fields: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id: randomUUID(),
    kind: 'notice',
    channel: 'email',
    to: { visitor: true },
    subject: '결과',
    text: '처리했습니다',
    createdAt: AT,
    createdBy: 'admin',
    status: 'pending',
    nextAttemptAt: AT,
    attempts: [],
    ...fields,
  };
}

function plan(fields: Partial<PlanItem> = {}): PlanItem {
  return {
    id: randomUUID(),
    year: 2026,
    title: '열람실 조명 교체',
    owner: '시설팀',
    status: 'planned',
    createdAt: AT,
    createdBy: 'admin',
    updatedAt: AT,
    updatedBy: 'admin',
    ...fields,
  };
}

function photo(batchId: string, fields: Partial<PhotoRecord> = {}): PhotoRecord {
  return {
    id: randomUUID(),
    file: 'box.jpg',
    path: 'photos/x.jpg',
    batch: batchId,
    uploadedAt: AT,
    status: 'queued',
    ...fields,
  };
}

/**
 * What the repositories other than cases (`case-contract.ts`) must do, whatever stores them: the embedded
 * JSON store now, PostgreSQL next. The same tests run against each implementation.
 */
export function repositoriesContract(name: string, open: () => Promise<RepositoriesUnderTest>): void {
  describe(`the repository contract: ${name}`, () => {
    const fresh = freshEachTest(open);

    it('staff accounts: one per username, changed in place, kept across a restart', async () => {
      const { repos, reopen } = await fresh();
      const a = user({ username: 'kim' });
      expect(await repos.users.insert(a)).toBe(true);
      expect(await repos.users.insert(user({ username: 'kim' }))).toBe(false);
      expect(await repos.users.update(a.id, (u) => (u.name = '김사서'))).toEqual({ result: '김사서' });
      expect(await repos.users.update('nobody', () => 1)).toBeUndefined();
      const again = await reopen();
      expect((await again.users.getByUsername('kim'))?.name).toBe('김사서');
      expect((await again.users.get(a.id))?.username).toBe('kim');
      expect(await again.users.list()).toHaveLength(1);
    });

    it('sessions: started (the expired dropped), touched, ended one by one or all of an account', async () => {
      const { repos, reopen } = await fresh();
      const s = (id: string, userId: string, createdAt: string) => ({
        id,
        userId,
        createdAt,
        lastSeenAt: createdAt,
      });
      await repos.sessions.start(s('old', 'u1', '2026-05-01T00:00:00.000Z'), '2026-04-30T00:00:00.000Z');
      await repos.sessions.start(s('a', 'u1', '2026-05-02T00:00:00.000Z'), '2026-05-01T00:00:00.000Z');
      expect(await repos.sessions.get('old')).toBeUndefined();
      await repos.sessions.start(s('b', 'u2', '2026-05-02T00:00:00.000Z'), '2026-05-01T00:00:00.000Z');
      await repos.sessions.start(s('c', 'u1', '2026-05-02T00:00:00.000Z'), '2026-05-01T00:00:00.000Z');
      await repos.sessions.touch('a', '2026-05-02T00:10:00.000Z');
      expect((await repos.sessions.get('a'))?.lastSeenAt).toBe('2026-05-02T00:10:00.000Z');
      await repos.sessions.end('b');
      expect(await repos.sessions.get('b')).toBeUndefined();
      await repos.sessions.endAllOf('u1');
      expect(await repos.sessions.get('a')).toBeUndefined();
      expect(await repos.sessions.get('c')).toBeUndefined();
      await repos.sessions.start(s('d', 'u3', '2026-05-02T00:00:00.000Z'), '2026-05-01T00:00:00.000Z');
      expect((await (await reopen()).sessions.get('d'))?.userId).toBe('u3');
    });

    it('the registry: a batch with its serials, never a serial twice, withdrawn whole', async () => {
      const { repos, reopen } = await fresh();
      const printed = batch({ createdAt: '2026-03-01T00:00:00.000Z' });
      expect(await repos.registry.issue(printed, serialsOf(printed, ['G1', 'G2']))).toBe(true);
      const clash = batch();
      expect(await repos.registry.issue(clash, serialsOf(clash, ['G3', 'G2']))).toBe(false);
      expect(await repos.registry.find('G3')).toBeUndefined();
      expect(await repos.registry.batch(clash.id)).toBeUndefined();
      const online = batch({ format: 'none', count: 1, createdAt: '2026-04-01T00:00:00.000Z' });
      await repos.registry.issue(online, serialsOf(online, ['G9'], 'online'));
      const again = await reopen();
      expect((await again.registry.find('G2'))?.batch).toBe(printed.id);
      expect((await again.registry.serialsOf(printed.id)).map((s) => s.serial)).toEqual(['G1', 'G2']);
      expect((await again.registry.batches({ printed: true })).map((b) => b.id)).toEqual([printed.id]);
      expect(await again.registry.batches()).toHaveLength(2);
      expect(await again.registry.anyIssued('online')).toBe(true);
      expect(await again.registry.anyIssued('staff')).toBe(false);
      expect(await again.registry.earliestIssued()).toBe('2026-03-01T00:00:00.000Z');
      const issued = await again.registry.issuedSerials();
      expect([...issued].sort()).toEqual(['G1', 'G2', 'G9']);
      expect([...issued].sort()).toEqual(['G1', 'G2', 'G9']);
      await again.registry.withdraw(printed.id);
      expect(await again.registry.find('G1')).toBeUndefined();
      expect(await again.registry.batch(printed.id)).toBeUndefined();
    });

    it('a serial looked up: its registry entry and its case together, before and after the card is sent', async () => {
      const { repos, reopen } = await fresh();
      const printed = batch();
      await repos.registry.issue(printed, serialsOf(printed, ['G-LOOK-1', 'G-LOOK-2']));
      const blank = await repos.lookupSerial('G-LOOK-1');
      expect(blank.issued?.batch).toBe(printed.id);
      expect(blank.record).toBeUndefined();
      const sentCase = caseRecord({ serial: 'G-LOOK-1' });
      await repos.cases.insert(sentCase);
      const sent = await (await reopen()).lookupSerial('G-LOOK-1');
      expect(sent.issued?.serial).toBe('G-LOOK-1');
      expect(sent.record?.id).toBe(sentCase.id);
      expect(await repos.lookupSerial('G-LOOK-2')).toEqual({
        issued: expect.objectContaining({ serial: 'G-LOOK-2' }),
        record: undefined,
      });
      expect(await repos.lookupSerial('G-NEVER')).toEqual({ issued: undefined, record: undefined });
    });

    it('the outbox: messages listed by state, due time and case, changed one by one or together', async () => {
      const { repos, reopen } = await fresh();
      const due = message({ caseId: 'c1', nextAttemptAt: '2026-05-01T00:00:00.000Z' });
      const later = message({ caseId: 'c2', nextAttemptAt: '2026-05-09T00:00:00.000Z' });
      const staff = message({ caseId: 'c1', to: { address: 'officer@example.kr' }, kind: 'reminder' });
      for (const m of [due, later, staff]) await repos.outbox.add(m);
      const ids = (list: OutboxMessage[]) => list.map((m) => m.id);
      expect(ids(await repos.outbox.list({ status: 'pending', dueBy: '2026-05-02T00:00:00.000Z' }))).toEqual([
        due.id,
        staff.id,
      ]);
      expect(ids(await repos.outbox.list({ caseIds: ['c1'], toVisitor: true }))).toEqual([due.id]);
      expect(await repos.outbox.update(due.id, (m) => (m.status = 'sending'))).toEqual({ result: 'sending' });
      const recovered = await repos.outbox.updateEach({ status: 'sending' }, (m) => {
        m.status = 'failed';
      });
      expect(ids(recovered)).toEqual([due.id]);
      const again = await reopen();
      expect((await again.outbox.get(due.id))?.status).toBe('failed');
      expect(await again.outbox.list()).toHaveLength(3);
    });

    it('plans and the charter steps: added, changed, removed; a step recorded once a year and cleared', async () => {
      const { repos, reopen } = await fresh();
      const a = plan();
      const b = plan({ year: 2025 });
      await repos.plans.add(a);
      await repos.plans.add(b);
      expect((await repos.plans.list(2026)).map((p) => p.id)).toEqual([a.id]);
      expect(await repos.plans.update(a.id, (p) => (p.status = 'done'))).toEqual({ result: 'done' });
      expect(await repos.plans.remove(b.id)).toBe(true);
      expect(await repos.plans.remove(b.id)).toBe(false);
      const step = (doneAt: string) => ({ year: 2026, kind: 'survey' as const, doneAt, by: 'admin' });
      await repos.plans.setMilestone(2026, 'survey', step('2026-05-01T00:00:00.000Z'));
      await repos.plans.setMilestone(2026, 'survey', step('2026-05-03T00:00:00.000Z'));
      await repos.plans.setMilestone(2026, 'results', { ...step(AT), kind: 'results' });
      const again = await reopen();
      expect((await again.plans.get(a.id))?.status).toBe('done');
      expect(await again.plans.list()).toHaveLength(1);
      expect(await again.plans.milestones({ year: 2026, kind: 'survey' })).toEqual([
        step('2026-05-03T00:00:00.000Z'),
      ]);
      await again.plans.setMilestone(2026, 'survey', null);
      expect((await again.plans.milestones()).map((m) => m.kind)).toEqual(['results']);
    });

    it('digitizing: photos linked to their batch once, queried by state, unidentified cards kept once', async () => {
      const { repos, reopen } = await fresh();
      const upload = { id: randomUUID(), createdAt: AT, photoIds: [] };
      await repos.digitize.addBatch(upload);
      const first = photo(upload.id);
      const failed = photo(upload.id, {
        status: 'failed',
        error: { code: 'storage', message: 'm', korean: 'k' },
      });
      expect(await repos.digitize.addPhoto(first)).toBe(true);
      expect(await repos.digitize.addPhoto({ ...first })).toBe(false);
      await repos.digitize.addPhoto(failed);
      await repos.digitize.link(upload.id, first.id);
      expect((await repos.digitize.batch(upload.id))?.photoIds).toEqual([first.id, failed.id]);
      const ids = (list: PhotoRecord[]) => list.map((p) => p.id);
      expect(ids(await repos.digitize.photos({ status: 'queued' }))).toEqual([first.id]);
      expect(ids(await repos.digitize.photos({ status: 'failed', errorCodes: ['storage'] }))).toEqual([
        failed.id,
      ]);
      expect(ids(await repos.digitize.photos({ ids: [failed.id] }))).toEqual([failed.id]);
      await repos.digitize.updatePhoto(first.id, (p) => {
        p.status = 'done';
      });
      await repos.digitize.updatePhotos({ errorCodes: ['storage'] }, (p) => {
        p.status = 'queued';
        delete p.error;
      });
      const card = { id: 'u-1', photoId: first.id, corners: [[0, 0]], image: 'cards/u.jpg', foundAt: AT };
      await repos.digitize.addUnidentified(card);
      await repos.digitize.addUnidentified({ ...card, image: 'other' });
      const again = await reopen();
      expect((await again.digitize.photo(first.id))?.status).toBe('done');
      expect((await again.digitize.photo(failed.id))?.error).toBeUndefined();
      expect(await again.digitize.unidentified({ open: true })).toEqual([card]);
      await again.digitize.updateUnidentified('u-1', (u) => {
        u.caseId = 'c1';
      });
      expect(await again.digitize.unidentified({ open: true })).toEqual([]);
      expect((await again.digitize.unidentifiedCard('u-1'))?.caseId).toBe('c1');
    });

    it('sequences: numbers never handed out twice, also when taken at once, and counted on after a restart', async () => {
      const { repos, reopen } = await fresh();
      expect(await repos.sequences.take('voucher-2026', 2, async () => 7)).toBe(8);
      const at = await Promise.all(
        Array.from({ length: 10 }, () => repos.sequences.take('voucher-2026', 1, async () => 0)),
      );
      expect(new Set(at).size).toBe(10);
      expect(Math.min(...at)).toBe(10);
      expect(await (await reopen()).sequences.take('voucher-2026', 1, async () => 0)).toBe(20);
    });

    it('transactions: one sees no other half done, and a failed one does not block the next', async () => {
      const { repos } = await fresh();
      const a = user({ username: 'counter', name: '0' });
      await repos.users.insert(a);
      // Read, wait, write: without isolation ten of these would lose updates.
      const bump = () =>
        repos.transaction(async (tx) => {
          const seen = Number((await tx.users.get(a.id))?.name);
          await new Promise((resolve) => setTimeout(resolve, 2));
          await tx.users.update(a.id, (u) => (u.name = String(seen + 1)));
        });
      await Promise.all(Array.from({ length: 10 }, bump));
      expect((await repos.users.get(a.id))?.name).toBe('10');
      await expect(repos.transaction(async () => Promise.reject(new Error('refused')))).rejects.toThrow(
        'refused',
      );
      expect(await repos.transaction(async (tx) => (await tx.users.list()).length)).toBe(1);
    });
  });
}
