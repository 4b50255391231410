import { z } from 'zod';
import type {
  AuditEntry,
  AuditFile,
  AuthFile,
  CasesFile,
  DigitizeFile,
  OutboxFile,
  PlansFile,
  RegistryFile,
  SequencesFile,
} from './records.ts';

/**
 * The shapes of the files in the data folder (see `records.ts`), checked whenever a table is read from disk so
 * that a damaged or hand-edited file is refused with its name and the place of the problem, not met later as
 * "data.cases.map is not a function" or, worse, as an empty table. Light on purpose: the top-level shape and
 * each record's essential fields (the ones code relies on without checking), not every optional detail, so
 * that opening 50,000 cases stays fast. Unknown fields pass: a newer field is never a reason to refuse a file.
 * The parsed value is only checked, never used: the data is the JSON as read.
 */

const text = z.string();
const cardType = z.enum(['green', 'yellow']);
const sealed = z.object({ iv: text, tag: text, data: text });

const caseRecord = z.looseObject({
  id: text,
  serial: text.nullable(),
  type: cardType,
  channel: text,
  status: z.enum(['received', 'in_review', 'assigned', 'answered', 'closed']),
  receivedAt: text,
  dueAt: text,
  rule: text,
  areas: z.array(text),
  message: text,
  contact: sealed.nullable(),
});

const serialRecord = z.looseObject({ serial: text, type: cardType, batch: text, issuedAt: text });
const printBatch = z.looseObject({ id: text, type: cardType, count: z.number(), createdAt: text });
const auditEntry = z.looseObject({ at: text, by: text, action: text });

const files = {
  registry: z.looseObject({ serials: z.array(serialRecord), batches: z.array(printBatch) }),
  cases: z.looseObject({ cases: z.array(caseRecord) }),
  auth: z.looseObject({
    users: z.array(
      z.looseObject({
        id: text,
        username: text,
        role: z.enum(['admin', 'staff', 'viewer']),
        passwordHash: text,
      }),
    ),
    sessions: z.array(z.looseObject({ id: text, userId: text })),
  }),
  outbox: z.looseObject({
    messages: z.array(
      z.looseObject({
        id: text,
        channel: text,
        status: text,
        to: z.looseObject({}),
        attempts: z.array(z.looseObject({ at: text, ok: z.boolean() })),
      }),
    ),
  }),
  audit: z.looseObject({ entries: z.array(auditEntry) }),
  plans: z.looseObject({
    plans: z.array(z.looseObject({ id: text, year: z.number(), title: text, status: text })),
    milestones: z.array(z.looseObject({ year: z.number(), kind: text })),
  }),
  digitize: z.looseObject({
    photos: z.array(z.looseObject({ id: text, batch: text, status: z.enum(['queued', 'done', 'failed']) })),
    batches: z.array(z.looseObject({ id: text, photoIds: z.array(text) })),
    unidentified: z.array(z.looseObject({ id: text, photoId: text })),
  }),
  sequences: z.looseObject({ counters: z.record(text, z.number().int().nonnegative()) }),
} satisfies Record<string, z.ZodType>;

/** Journal entries, one a line (see `journals.ts`). */
const entries = {
  cases: z.union([z.looseObject({ add: caseRecord }), z.looseObject({ put: z.array(caseRecord) })]),
  registry: z.looseObject({ batch: printBatch, serials: z.array(serialRecord) }),
  audit: auditEntry,
};

/** Checks a value against a schema; returns it unchanged, or throws the problems (at most five) as one line. */
export type Check<T> = (value: unknown) => T;

function checker<T>(schema: z.ZodType): Check<T> {
  return (value) => {
    const result = schema.safeParse(value);
    if (result.success) return value as T;
    throw new ShapeError(describeIssues(result.error.issues));
  };
}

/** A value of the wrong shape; the message lists where and what (`cases.12.type: …`). */
export class ShapeError extends Error {}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 5).map((issue) => {
    const place = issue.path.length > 0 ? issue.path.map(String).join('.') : '(the whole file)';
    return `${place}: ${issue.message}`;
  });
  if (issues.length > shown.length) shown.push(`… ${issues.length - shown.length} more`);
  return shown.join('; ');
}

export const checkFile = {
  registry: checker<RegistryFile>(files.registry),
  cases: checker<CasesFile>(files.cases),
  auth: checker<AuthFile>(files.auth),
  outbox: checker<OutboxFile>(files.outbox),
  audit: checker<AuditFile>(files.audit),
  plans: checker<PlansFile>(files.plans),
  digitize: checker<DigitizeFile>(files.digitize),
  sequences: checker<SequencesFile>(files.sequences),
};

export const checkEntry = {
  cases: checker<{ add: CasesFile['cases'][number] } | { put: CasesFile['cases'] }>(entries.cases),
  registry: checker<{ batch: RegistryFile['batches'][number]; serials: RegistryFile['serials'] }>(
    entries.registry,
  ),
  audit: checker<AuditEntry>(entries.audit),
};
