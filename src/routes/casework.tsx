import { type Context, Hono } from 'hono';
import { type AuditFilter, audit, auditActionLabel, auditEntries, auditPeople } from '../audit/log.ts';
import { requireRole, type StaffEnv } from '../auth/index.ts';
import { assignCase } from '../cases/assign.ts';
import { classifyCase } from '../cases/classify.ts';
import { CONTACT_FIELDS, hasDraft, isContactField, openDrafts } from '../cases/drafts.ts';
import { addNote } from '../cases/notes.ts';
import {
  cannedAnswers,
  correctNotice,
  decideNoticeDraft,
  noticeText,
  publishNotice,
  recordHandDelivery,
  withCannedAnswer,
} from '../cases/notice.ts';
import { type InboxFilter, inboxPage, nextToReview } from '../cases/queries.ts';
import { confirmReading, identifyCard } from '../cases/review.ts';
import { enterCase, logCall } from '../cases/staff-entry.ts';
import { updateDelay } from '../cases/sweep.ts';
import { recordVoucherHanded } from '../cases/vouchers.ts';
import { ContactAccess, cleanReason, withoutContact } from '../casework/contact-access.ts';
import { dashboard } from '../casework/dashboard.ts';
import { redactedCard } from '../casework/redact.ts';
import { addStaff, updateStaff } from '../casework/users.ts';
import type { Cardbox } from '../context.ts';
import { noticeLetterPdf } from '../delivery/letter.ts';
import { messagesFor, processOutbox, retryMessage } from '../delivery/outbox.ts';
import { UserError } from '../errors.ts';
import { csvTable } from '../reports/export.ts';
import type { CaseRecord, Contact } from '../store/records.ts';
import { localDateTime } from '../time/zone.ts';
import { CasePage, SAVED_STEPS, type SavedStep } from '../views/staff/case-page.tsx';
import { ContactReasonPage } from '../views/staff/contact-page.tsx';
import { DashboardPage } from '../views/staff/dashboard.tsx';
import { InboxPage } from '../views/staff/inbox.tsx';
import { NewCasePage } from '../views/staff/new-case.tsx';
import { AuditPage, OutboxPage } from '../views/staff/outbox.tsx';
import { UsersPage } from '../views/staff/users.tsx';
import { Once } from '../visitor/once.ts';
import { limitBody } from '../web/body-limit.ts';
import { formBody } from '../web/clean-text.ts';

type Form = Record<string, string | File | (string | File)[]>;

const text = (value: Form[string] | undefined): string =>
  typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
const texts = (value: Form[string] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string',
  );

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};

/**
 * Casework for staff under /staff: dashboard, inbox, case pages and their actions, staff entry, outbox, audit
 * and user management. Every route names the roles it allows; viewers read, staff and admins change.
 */
export function caseworkRoutes(cardbox: Cardbox): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  const anyone = requireRole(cardbox);
  const worker = requireRole(cardbox, 'admin', 'staff');
  const admin = requireRole(cardbox, 'admin');
  /** Casework forms are short text; refused before they are read when larger. */
  const small = limitBody(64 * 1024);
  const staffList = () => cardbox.users.list();
  /** A staff entry form carries a one-time id: a double click gives one case. */
  const entries = new Once<CaseRecord>();
  /** Who may see contact details (src/casework/contact-access.ts): the one rule for every route below. */
  const access = new ContactAccess();
  const rightOf = (c: Context<StaffEnv>, record: CaseRecord) =>
    access.right(c.var.staff, record, cardbox.now().getTime());
  const contactRefused = () =>
    new UserError(
      '연락처와 카드 사진은 배정된 담당자만 볼 수 있습니다. 관리자는 사유를 남기고 볼 수 있습니다. (Only the assigned officer, or an admin giving a reason)',
      403,
    );

  const caseOr404 = async (id: string): Promise<CaseRecord> => {
    const record = await cardbox.cases.get(id);
    if (!record) throw new UserError('해당 의견을 찾을 수 없습니다. (No such case)', 404);
    return record;
  };

  const renderCase = async (
    c: Context<StaffEnv>,
    record: CaseRecord,
    extra: {
      error?: string;
      contact?: Contact | null;
      saved?: SavedStep;
      preview?: { result: string; text: string };
      withAnswer?: { result: string; chosen: number };
    } = {},
  ) =>
    c.html(
      <CasePage
        cardbox={cardbox}
        user={c.var.staff}
        record={
          // Contact drafts are opened for the screen of staff who may see them; the stored case stays sealed.
          // Anyone else gets the reading without contact: no drafts, no phone/e-mail crops, no card image.
          record.reading
            ? {
                ...record,
                reading: rightOf(c, record)
                  ? openDrafts(cardbox.sealer, record.reading)
                  : withoutContact(record.reading),
              }
            : record
        }
        contactLink={Boolean(rightOf(c, record)) || c.var.staff.role === 'admin'}
        contactShown={Boolean(rightOf(c, record))}
        now={cardbox.now()}
        staff={await staffList()}
        messages={await messagesFor(cardbox, record.id)}
        moreToReview={(await cardbox.cases.list({ unconfirmedReading: true })).some(
          (c) => c.id !== record.id,
        )}
        {...extra}
      />,
      extra.error ? 400 : 200,
    );

  /**
   * A case action: on success back to the case page (post/redirect/get) saying what was saved; a refusal
   * (`UserError`) goes back to it with the message (`app.onError`).
   */
  const act =
    (
      run: (id: string, form: Form, by: string, c: Context<StaffEnv>) => Promise<unknown>,
      saved?: SavedStep,
    ) =>
    async (c: Context<StaffEnv>) => {
      const id = c.req.param('id')!;
      await caseOr404(id);
      c.set('back', `/staff/cases/${id}`);
      const form = (await formBody(c, { all: true })) as Form;
      await run(id, form, c.var.staff.username, c);
      return c.redirect(`/staff/cases/${id}${saved ? `?saved=${saved}` : ''}`, 303);
    };

  app.get('/', anyone, async (c) =>
    c.html(
      <DashboardPage
        cardbox={cardbox}
        user={c.var.staff}
        data={await dashboard(cardbox, c.var.staff.id)}
        now={cardbox.now()}
      />,
    ),
  );

  app.get('/cases', anyone, async (c) => {
    const q = c.req.query();
    const filter: InboxFilter = {
      type: q.type || undefined,
      area: q.area || undefined,
      status: q.status || undefined,
      department: q.department || undefined,
      officer: q.mine === '1' ? c.var.staff.id : undefined,
      q: q.q?.slice(0, 100) || undefined,
      sort: q.sort === 'newest' ? 'newest' : 'urgent',
    };
    const listed = await inboxPage(cardbox, filter, Number.parseInt(q.page ?? '1', 10) || 1);
    return c.html(
      <InboxPage
        cardbox={cardbox}
        user={c.var.staff}
        cases={listed.cases}
        total={listed.total}
        filter={filter}
        page={listed.page}
        now={cardbox.now()}
        toReview={(await cardbox.cases.list({ unconfirmedReading: true })).length}
        staff={await staffList()}
        {...(q.bulk ? { bulkDone: Number(q.bulk) || 0, bulkFailed: Number(q.failed) || 0 } : {})}
      />,
    );
  });

  // Bulk classify and assign from the inbox: each case through the same change as its own page, one by one;
  // a refusal (an 'impossible' needs its reason, say) skips that case and is counted.
  app.post('/cases/bulk', worker, small, async (c) => {
    const form = (await formBody(c, { all: true })) as Form;
    const ids = texts(form.ids).slice(0, 500);
    const classification = text(form.classification);
    const officerId = text(form.officerId);
    const officer = officerId
      ? (await staffList()).find((u) => u.id === officerId && !u.disabled)
      : undefined;
    let done = 0;
    let failed = 0;
    for (const id of ids) {
      try {
        if (!(await cardbox.cases.get(id))) throw new UserError('no such case');
        if (classification) await classifyCase(cardbox, id, c.var.staff.username, { classification });
        if (officer)
          await assignCase(cardbox, id, c.var.staff.username, {
            department: officer.department ?? '',
            officerId: officer.id,
          });
        if (classification || officer) done++;
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        failed++;
      }
    }
    const back = text(form.back);
    const to = new URL(back.startsWith('/staff/cases') ? back : '/staff/cases', 'http://local');
    to.searchParams.set('bulk', String(done));
    if (failed) to.searchParams.set('failed', String(failed));
    return c.redirect(`${to.pathname}${to.search}`, 303);
  });

  // "Review next": the oldest card reading not yet confirmed, one after another; the inbox when none is left.
  app.get('/cases/next-review', worker, async (c) => {
    const next = await nextToReview(cardbox);
    return c.redirect(next ? `/staff/cases/${next.id}?walk=1` : '/staff/cases?status=review&done=1', 303);
  });

  app.get('/cases/new', worker, (c) => c.html(<NewCasePage cardbox={cardbox} user={c.var.staff} />));

  app.post('/cases', worker, small, async (c) => {
    c.set('back', '/staff/cases/new');
    const form = (await formBody(c, { all: true })) as Form;
    const submission = text(form.submission) || crypto.randomUUID();
    const once = `${c.var.staff.id}:${submission}`;
    const record = await entries.run(once, () =>
      enterCase(
        cardbox,
        c.var.staff.username,
        {
          channel: text(form.channel),
          type: text(form.type),
          receivedAt: text(form.receivedAt),
          areas: texts(form.areas),
          message: text(form.message),
          replyWanted: text(form.replyWanted) === 'yes',
          consent: text(form.consent) === 'yes',
          phone: text(form.phone),
          email: text(form.email),
          address: text(form.address),
        },
        once,
      ),
    );
    return c.redirect(`/staff/cases/${record.id}`, 303);
  });

  app.get('/cases/:id', anyone, async (c) => {
    const record = await caseOr404(c.req.param('id'));
    // Unconfirmed phone/e-mail drafts of a card are contact details on screen (viewers do not get them).
    const drafts = CONTACT_FIELDS.filter((name) => hasDraft(record.reading?.fields[name]));
    const right = rightOf(c, record);
    if (drafts.length && right) {
      const reason =
        right === 'admin-reason' ? access.reason(c.var.staff, record, cardbox.now().getTime()) : null;
      await audit(cardbox, {
        by: c.var.staff.username,
        action: 'contact.viewed',
        caseId: record.id,
        detail: `카드 판독 초안: ${drafts.map((name) => (name === 'phone' ? '휴대전화' : '이메일')).join(', ')}${reason ? ` (관리자 사유: ${reason})` : ''}`,
      });
    }
    const saved = c.req.query('saved');
    return renderCase(c, record, saved && saved in SAVED_STEPS ? { saved: saved as SavedStep } : {});
  });

  // The whole card shows the handwritten phone number and e-mail: without the right, those areas are painted
  // over (the checkboxes and the message stay, to check the reading); an image that cannot be painted is refused.
  app.get('/cases/:id/image', anyone, async (c) => {
    const record = await caseOr404(c.req.param('id'));
    const path = record.reading?.image;
    if (!path) throw new UserError('카드 사진이 없습니다. (No card image)', 404);
    if (rightOf(c, record)) return sendImage(c, path);
    const original = await readImage(path);
    const redacted = await redactedCard(original, cardbox.layout).catch(() => {
      throw contactRefused();
    });
    return c.body(new Uint8Array(redacted.bytes), 200, {
      'content-type': redacted.type,
      'cache-control': 'private, no-store',
    });
  });

  app.get('/cases/:id/crop/:field', anyone, async (c) => {
    const record = await caseOr404(c.req.param('id'));
    const field = c.req.param('field');
    const path = record.reading?.fields[field]?.crop;
    if (!path) throw new UserError('칸 사진이 없습니다. (No field image)', 404);
    if (isContactField(field) && !rightOf(c, record)) throw contactRefused();
    return sendImage(c, path);
  });

  const readImage = (path: string) =>
    cardbox.files.read(path).catch(() => {
      throw new UserError('사진 파일을 찾을 수 없습니다. (Image file missing)', 404);
    });
  const sendImage = async (c: Context<StaffEnv>, path: string) => {
    const bytes = await readImage(path);
    const type = IMAGE_TYPES[path.slice(path.lastIndexOf('.')).toLowerCase()] ?? 'application/octet-stream';
    return c.body(new Uint8Array(bytes), 200, { 'content-type': type, 'cache-control': 'private, no-store' });
  };

  const showContact = async (c: Context<StaffEnv>, record: CaseRecord, detail: string) => {
    const contact = record.contact ? cardbox.sealer.open<Contact>(record.contact) : null;
    await audit(cardbox, { by: c.var.staff.username, action: 'contact.viewed', caseId: record.id, detail });
    return renderCase(c, record, { contact });
  };

  app.get('/cases/:id/contact', worker, async (c) => {
    const record = await caseOr404(c.req.param('id'));
    const right = rightOf(c, record);
    if (right === 'officer') return showContact(c, record, '담당자 열람');
    if (right === 'admin-reason') {
      const reason = access.reason(c.var.staff, record, cardbox.now().getTime());
      return showContact(c, record, `관리자 열람 사유: ${reason}`);
    }
    // An admin may look after giving a reason: the form, with 403 until then.
    if (c.var.staff.role === 'admin')
      return c.html(<ContactReasonPage cardbox={cardbox} user={c.var.staff} record={record} />, 403);
    throw contactRefused();
  });

  app.post('/cases/:id/contact', admin, small, async (c) => {
    const record = await caseOr404(c.req.param('id'));
    const reason = cleanReason(String((await formBody(c)).reason ?? ''));
    if (reason.length < 5) {
      const error = '열람 사유를 5자 이상 적어 주세요. (Give a reason of at least 5 characters)';
      return c.html(
        <ContactReasonPage cardbox={cardbox} user={c.var.staff} record={record} error={error} />,
        400,
      );
    }
    access.grant(c.var.staff, record, reason, cardbox.now().getTime());
    return showContact(c, record, `관리자 열람 사유: ${reason}`);
  });

  app.post(
    '/cases/:id/review',
    worker,
    small,
    act(async (id, form, by, c) => {
      const fields: Record<string, string> = {};
      for (const [key, value] of Object.entries(form))
        if (key.startsWith('field.')) fields[key.slice(6)] = text(value);
      // Staff without the contact right were shown empty phone/e-mail boxes: left empty, they mean "not
      // seen", so the draft is kept (and sealed into the contact by the confirmation), not erased.
      if (!rightOf(c, await caseOr404(id))) {
        for (const name of CONTACT_FIELDS) if (fields[name]?.trim() === '') delete fields[name];
      }
      const decided: Record<string, 'yes' | 'no'> = {};
      for (const [key, value] of Object.entries(form)) {
        if (key.startsWith('decide.') && (text(value) === 'yes' || text(value) === 'no'))
          decided[key.slice(7)] = text(value) as 'yes' | 'no';
      }
      await confirmReading(cardbox, id, by, { fields, checked: new Set(texts(form.check)), decided });
    }, 'review'),
  );

  app.post(
    '/cases/:id/serial',
    worker,
    small,
    act((id, form, by) => identifyCard(cardbox, id, by, text(form.serial)), 'serial'),
  );

  app.post(
    '/cases/:id/classify',
    worker,
    small,
    act(
      (id, form, by) =>
        classifyCase(cardbox, id, by, {
          classification: text(form.classification),
          impossibleReason: text(form.impossibleReason),
          impossibleAppeal: text(form.impossibleAppeal),
        }),
      'classify',
    ),
  );

  app.post(
    '/cases/:id/assign',
    worker,
    small,
    act(
      (id, form, by) =>
        assignCase(cardbox, id, by, {
          department: text(form.department),
          officerId: text(form.officerId) || undefined,
          name: text(form.name),
          phone: text(form.phone),
        }),
      'assign',
    ),
  );

  app.post(
    '/cases/:id/notice',
    worker,
    small,
    async (c, next) => {
      // "미리 보기": the notice as the visitor will read it, nothing saved (so a reload does no harm).
      const form = (await formBody(c, { all: true })) as Form;
      if (text(form.use) === 'canned') {
        // "이 답변 넣기" without JavaScript: the page again with the chosen ready answer in the box, nothing saved.
        const record = await caseOr404(c.req.param('id')!);
        c.set('back', `/staff/cases/${record.id}`);
        const answers = cannedAnswers(cardbox, record);
        const chosen = /^\d+$/.test(text(form.canned)) ? Number(text(form.canned)) : -1;
        if (!answers[chosen])
          throw new UserError(
            '고른 준비된 답변이 없습니다. 목록에서 다시 골라 주세요. (No such ready answer)',
          );
        return renderCase(c, record, {
          withAnswer: { result: withCannedAnswer(text(form.result), answers[chosen]!, answers), chosen },
        });
      }
      if (text(form.preview) !== '1') return next();
      const record = await caseOr404(c.req.param('id')!);
      if (!record.officer)
        return renderCase(c, record, { error: '먼저 담당 부서와 담당자를 지정해 주세요.' });
      return renderCase(c, record, {
        preview: {
          result: text(form.result),
          text: noticeText(cardbox, record, text(form.result), cardbox.now()),
        },
      });
    },
    act(async (id, form, by, c) => {
      const record = await publishNotice(cardbox, id, by, text(form.result), { role: c.var.staff.role });
      void processOutbox(cardbox).catch((error: unknown) => console.error('outbox run failed:', error));
      return record;
    }, 'notice'),
  );

  app.post(
    '/cases/:id/notice/decide',
    admin,
    small,
    act(async (id, form, by) => {
      await decideNoticeDraft(cardbox, id, by, {
        approve: text(form.decision) === 'approve',
        comment: text(form.comment),
      });
      void processOutbox(cardbox).catch((error: unknown) => console.error('outbox run failed:', error));
    }, 'decided'),
  );

  app.post(
    '/cases/:id/notice/correct',
    worker,
    small,
    act(async (id, form, by) => {
      await correctNotice(cardbox, id, by, { result: text(form.result), reason: text(form.reason) });
      void processOutbox(cardbox).catch((error: unknown) => console.error('outbox run failed:', error));
    }, 'corrected'),
  );

  app.post(
    '/cases/:id/vouchers/:number/handed',
    worker,
    small,
    act((id, _form, by, c) => recordVoucherHanded(cardbox, id, by, c.req.param('number') ?? ''), 'voucher'),
  );

  app.post(
    '/cases/:id/notes',
    worker,
    small,
    act((id, form, by) => addNote(cardbox, id, by, text(form.note)), 'note'),
  );

  app.post(
    '/cases/:id/delivered',
    worker,
    small,
    act((id, form, by) => recordHandDelivery(cardbox, id, by, text(form.how)), 'delivered'),
  );

  app.post(
    '/cases/:id/calls',
    worker,
    small,
    act(
      (id, form, by) =>
        logCall(cardbox, id, by, {
          outcome: text(form.outcome),
          note: text(form.note),
          answered: text(form.answered) === 'yes',
        }),
      'call',
    ),
  );

  app.post(
    '/cases/:id/delay',
    worker,
    small,
    act(
      (id, form, by) =>
        updateDelay(cardbox, id, by, { reason: text(form.reason), newDate: text(form.newDate) }),
      'delay',
    ),
  );

  app.get('/cases/:id/letter.pdf', worker, async (c) => {
    const record = await caseOr404(c.req.param('id'));
    if (!record.notice) throw new UserError('게시된 결과 통지가 없습니다.', 404);
    const pdf = await noticeLetterPdf(cardbox, record);
    await audit(cardbox, {
      by: c.var.staff.username,
      action: 'notice.sent',
      caseId: record.id,
      detail: '우편용 통지문 PDF를 받음',
    });
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="notice-${record.serial ?? record.id.slice(0, 8)}.pdf"`,
    });
  });

  app.get('/outbox', anyone, async (c) =>
    c.html(<OutboxPage cardbox={cardbox} user={c.var.staff} messages={await cardbox.outbox.list()} />),
  );

  app.post('/outbox/:id/retry', worker, small, async (c) => {
    await retryMessage(cardbox, c.req.param('id'), c.var.staff.username);
    void processOutbox(cardbox).catch((error: unknown) => console.error('outbox run failed:', error));
    const back = c.req.header('referer');
    return c.redirect(
      back && new URL(back).pathname.startsWith('/staff/') ? new URL(back).pathname : '/staff/outbox',
      303,
    );
  });

  const auditFilter = (c: Context<StaffEnv>): AuditFilter => {
    const q = c.req.query();
    const day = (value: string | undefined) => (value && /^\d{4}-\d\d-\d\d$/.test(value) ? value : undefined);
    return {
      ...(q.case ? { caseId: q.case } : {}),
      ...(q.by ? { by: q.by } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(day(q.from) ? { from: day(q.from)! } : {}),
      ...(day(q.to) ? { to: day(q.to)! } : {}),
    };
  };
  /** The serials of the cases audit entries name (an entry keeps the case id only). */
  const serialsOf = async (entries: readonly { caseId?: string }[]) => {
    const ids = [...new Set(entries.flatMap((e) => (e.caseId ? [e.caseId] : [])))];
    return new Map(
      await Promise.all(ids.map(async (id) => [id, (await cardbox.cases.get(id))?.serial ?? null] as const)),
    );
  };

  app.get('/audit', admin, async (c) => {
    const filter = auditFilter(c);
    const entries = await auditEntries(cardbox, filter);
    const serials = await serialsOf(entries);
    return c.html(
      <AuditPage
        cardbox={cardbox}
        user={c.var.staff}
        entries={entries}
        filter={filter}
        people={await auditPeople(cardbox)}
        serials={serials}
      />,
    );
  });

  app.get('/audit.csv', admin, async (c) => {
    const entries = await auditEntries(cardbox, { ...auditFilter(c), limit: Number.POSITIVE_INFINITY });
    await audit(cardbox, {
      by: c.var.staff.username,
      action: 'audit.exported',
      detail: `${entries.length}건`,
    });
    const serials = await serialsOf(entries);
    const csv = csvTable(
      ['때', '누가', '무엇', '일련번호', '사례 ID', '내용'],
      entries.map((e) => [
        localDateTime(e.at),
        e.by,
        auditActionLabel(e.action),
        e.caseId ? (serials.get(e.caseId) ?? null) : null,
        e.caseId ?? null,
        e.detail ?? null,
      ]),
    );
    c.header('Content-Disposition', 'attachment; filename="cardbox-audit.csv"');
    return c.body(new Uint8Array(csv), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  app.get('/users', admin, async (c) =>
    c.html(<UsersPage cardbox={cardbox} user={c.var.staff} users={await staffList()} />),
  );

  app.post('/users', admin, small, async (c) => {
    c.set('back', '/staff/users');
    const form = await formBody(c);
    const { user, password } = await addStaff(cardbox, c.var.staff.username, form);
    const created = `계정 ${user.username}을(를) 만들었습니다. 처음 비밀번호: ${password} (지금 한 번만 보입니다)`;
    return c.html(
      <UsersPage cardbox={cardbox} user={c.var.staff} users={await staffList()} created={created} />,
      201,
    );
  });

  app.post('/users/:id', admin, small, async (c) => {
    c.set('back', '/staff/users');
    const form = await formBody(c);
    await updateStaff(cardbox, c.var.staff, c.req.param('id'), {
      role: String(form.role ?? ''),
      disabled: form.disabled === 'yes',
      ...(typeof form.name === 'string' ? { name: form.name } : {}),
      ...(typeof form.department === 'string' ? { department: form.department } : {}),
      ...(typeof form.phone === 'string' ? { phone: form.phone } : {}),
      ...(typeof form.email === 'string' ? { email: form.email } : {}),
    });
    return c.redirect('/staff/users', 303);
  });

  return app;
}
