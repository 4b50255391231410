import { describe, expect, it } from 'vitest';
import { issueSerials } from '../../src/cards/registry.ts';
import { assignCase } from '../../src/cases/assign.ts';
import { publishNotice } from '../../src/cases/notice.ts';
import { runSweep } from '../../src/cases/sweep.ts';
import { readSettings } from '../../src/config/settings.ts';
import { openCardbox } from '../../src/context.ts';
import type { Contact } from '../../src/store/records.ts';
import { tempCardbox } from '../helpers/cardbox.ts';
import { receiveTestCase } from '../helpers/cases.ts';
import { runCli } from '../helpers/cli.ts';
import { freshDatabase, postgresFor } from '../helpers/postgres.ts';
import { loginAs } from '../helpers/staff.ts';

const REGION_KEY = 'b'.repeat(64);
const DAY = 24 * 3600_000;

/**
 * Issue 18: `cardbox migrate --from DATA_DIR --to $DATABASE_URL` moves a library's embedded data into the
 * regional database, verified count by count; the library then works on PostgreSQL as it did on its folder.
 */
describe.runIf(postgresFor('migrate'))('cardbox migrate', () => {
  it('moves a library that has been in use, contacts sealed again with the region’s key, and it goes on working there', async () => {
    // A library's folder with a week of use: staff, printed cards, a typed case with a contact, an answered
    // case, a case past its deadline (breach, voucher number from the counter), deliveries, audit entries.
    let clock = Date.parse('2026-05-04T01:00:00.000Z');
    const library = await tempCardbox({ now: () => new Date(clock) });
    const { user } = await loginAs(library, 'staff');
    await issueSerials(
      library.cardbox.registry,
      { type: 'green', count: 6, origin: 'print', createdBy: 'admin', format: 'pdf' },
      new Date(clock),
    );
    const { record: withContact } = await receiveTestCase(library, {
      message: '연락 주세요',
      replyWanted: true,
      consent: true,
      contact: { phone: '010-1234-5678' },
    });
    const { record: answered } = await receiveTestCase(library, { message: '좋아요' });
    await assignCase(library.cardbox, answered.id, 'admin', {
      department: library.cardbox.profile.departments[0]!.id,
      officerId: user.id,
    });
    await publishNotice(library.cardbox, answered.id, user.username, '고쳤습니다.');
    const { record: late } = await receiveTestCase(library, {
      type: 'green',
      message: '늦을 의견',
      replyWanted: true,
    });
    clock += 30 * DAY;
    await runSweep(library.cardbox);
    const before = {
      cases: await library.cardbox.cases.list(),
      audit: await library.cardbox.audit.list({ limit: 10_000 }),
      outbox: await library.cardbox.outbox.list(),
    };
    expect(before.cases.find((c) => c.id === late.id)?.vouchers?.length).toBe(1);
    await library.cardbox.close();

    const database = await freshDatabase();
    try {
      const env = { DATA_DIR: library.dir, CARDBOX_KEY: REGION_KEY, PUBLIC_BASE_URL: 'http://cards.test' };
      const run = await runCli(
        ['migrate', '--from', library.dir, '--to', database.url, '--institution', 'seocho-lib', '--json'],
        env,
      );
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.out) as {
        folder: Record<string, number>;
        database: Record<string, number>;
      };
      expect(report.database).toEqual(report.folder);
      expect(report.folder.cases).toBe(3);
      expect(report.folder.serials).toBe(6);
      expect(report.folder.audit).toBe(before.audit.length);

      // Moving the same folder again into the same institution is refused, and changes nothing.
      const again = await runCli(
        ['migrate', '--from', library.dir, '--to', database.url, '--institution', 'seocho-lib'],
        env,
      );
      expect(again.code).toBe(1);
      expect(again.err).toContain('이미 기록이 있어');

      // On the database: the same records, the contact opened with the region's key, the counter going on.
      const regional = await openCardbox(readSettings({ ...env, DATABASE_URL: database.url }));
      try {
        const moved = await (await import('../../src/repositories/pg/index.ts')).pgRepositories(
          database.pool,
          'seocho-lib',
        );
        expect((await moved.cases.list()).map((c) => c.id)).toEqual(before.cases.map((c) => c.id));
        const contact = (await moved.cases.get(withContact.id))!.contact!;
        expect(regional.sealer.open<Contact>(contact).phone).toBe('010-1234-5678');
        expect(await moved.audit.list({ limit: 10_000 })).toEqual(before.audit);
        expect((await moved.outbox.list()).map((m) => m.id)).toEqual(before.outbox.map((m) => m.id));
        const vouchers = before.cases.flatMap((c) => c.vouchers ?? []).length;
        expect(vouchers).toBeGreaterThan(0);
        expect(await moved.sequences.take('voucher-2026', 1, async () => 0)).toBe(vouchers + 1);
        expect((await moved.users.getByUsername(user.username))?.passwordHash).toBe(user.passwordHash);
      } finally {
        await regional.close();
      }
    } finally {
      await database.drop();
      await library.cleanup();
    }
  });

  it('refuses a wrong call with a message, before touching anything', async () => {
    const library = await tempCardbox();
    await library.cardbox.close();
    try {
      const env = { DATA_DIR: library.dir, PUBLIC_BASE_URL: 'http://cards.test' };
      const noTarget = await runCli(['migrate', '--from', library.dir], env);
      expect(noTarget.code).toBe(2);
      expect(noTarget.err).toContain('--to is required');
      const badId = await runCli(
        ['migrate', '--from', library.dir, '--to', 'postgres://x/y', '--institution', 'Bad Id'],
        env,
      );
      expect(badId.code).toBe(2);
      const noKey = await runCli(
        ['migrate', '--from', library.dir, '--to', 'postgres://127.0.0.1:1/none'],
        env,
      );
      expect(noKey.code).toBe(1);
      expect(noKey.err).toContain('CARDBOX_KEY');
      const unreachable = await runCli(
        ['migrate', '--from', library.dir, '--to', 'postgres://u:secret@127.0.0.1:1/none'],
        {
          ...env,
          CARDBOX_KEY: 'a'.repeat(64),
        },
      );
      expect(unreachable.code).toBe(1);
      expect(unreachable.err).toContain('데이터베이스(127.0.0.1:1/none)에 연결할 수 없습니다');
      expect(unreachable.err).not.toContain('secret');
    } finally {
      await library.cleanup();
    }
  });
});
