import { z } from 'zod';

const positiveSeconds = (name: string, fallback: number) =>
  z.coerce
    .number({ message: `${name} is a number of seconds, such as ${fallback}` })
    .positive(`${name} is a number of seconds above 0, such as ${fallback}`)
    .max(86_400, `${name} is at most 86400 (a day)`)
    .default(fallback);

/**
 * Every environment variable Cardbox reads, checked once when a process starts (`server.ts`, the CLI):
 * nothing else reads `process.env`. A wrong value stops the start with a message naming the variable.
 */
const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    PUBLIC_BASE_URL: z
      .url({
        protocol: /^https?$/,
        message: 'PUBLIC_BASE_URL must be an http(s) URL such as https://cards.example.or.kr',
      })
      .optional()
      .transform((url) => url?.replace(/\/+$/, '')),
    CARDBOX_PROFILE: z.string().optional(),
    /** Visitor form submissions per client address: "COUNT/SECONDS" or "off" (see docs/visitor.md). */
    SUBMIT_RATE_LIMIT: z
      .string()
      .regex(/^(off|[1-9]\d*\/[1-9]\d*)$/, 'SUBMIT_RATE_LIMIT is COUNT/SECONDS (e.g. 20/600) or off')
      .default('20/600'),
    /**
     * Status-page lookups of serials that do not exist, per client address: "COUNT/SECONDS" or "off". Past it
     * every lookup from that address is refused for the rest of the window, so serials cannot be probed.
     */
    LOOKUP_RATE_LIMIT: z
      .string()
      .regex(/^(off|[1-9]\d*\/[1-9]\d*)$/, 'LOOKUP_RATE_LIMIT is COUNT/SECONDS (e.g. 30/600) or off')
      .default('30/600'),
    /**
     * How many reverse proxies stand in front of Cardbox (0: none, the socket's peer is the client). With N,
     * the client is the address the N-th proxy from us appended to X-Forwarded-For, and X-Forwarded-Proto of
     * the nearest proxy says whether the request came over TLS. "1" is one proxy, as before.
     */
    TRUST_PROXY: z
      .string()
      .regex(
        /^(|\d{1,2})$/,
        'TRUST_PROXY is the number of reverse proxies in front of Cardbox (e.g. 1), or 0',
      )
      .default('0')
      .transform((hops) => Number(hops || '0')),
    /** Key for sealed contact details (64 hex digits); without it, `<DATA_DIR>/secret.key`. */
    CARDBOX_KEY: z.string().optional(),
    /**
     * PostgreSQL for the records (postgres://user:pass@host:5432/cardbox), for a region's deployment with several
     * app processes and reading workers (docs/scale-out.md); without it, the embedded store under DATA_DIR.
     */
    DATABASE_URL: z
      .string()
      .regex(
        /^postgres(ql)?:\/\/\S+$/,
        'DATABASE_URL is a PostgreSQL URL such as postgres://cardbox@db.internal:5432/cardbox',
      )
      .optional(),
    /** The first admin's password on a fresh data folder; without it a one-time password is printed. */
    CARDBOX_ADMIN_PASSWORD: z.string().optional(),
    /** How often the casework sweep runs (deadlines, reminders, retention, the outbox). */
    CARDBOX_SWEEP_SECONDS: positiveSeconds('CARDBOX_SWEEP_SECONDS', 60),
    /** First wait before photos stopped by a refused write are tried again (doubled up to four times). */
    CARDBOX_DIGITIZE_RETRY_SECONDS: positiveSeconds('CARDBOX_DIGITIZE_RETRY_SECONDS', 60),
    /** Photos are read on a worker thread (`on`) or on the main thread (`off`, as the CLI does). */
    CARDBOX_READ_WORKER: z
      .enum(['on', 'off'], { message: 'CARDBOX_READ_WORKER is "on" or "off"' })
      .default('on'),
    /**
     * The most cases the embedded store takes (about 1.7 KB of memory each: a million fit Node's default heap
     * with room to spare); past it new cases are refused with a message. Larger deployments use PostgreSQL.
     */
    CARDBOX_MAX_CASES: z.coerce
      .number({ message: 'CARDBOX_MAX_CASES is a number of cases, such as 1000000' })
      .int()
      .positive('CARDBOX_MAX_CASES is a number of cases above 0')
      .default(1_000_000),
    /**
     * On PostgreSQL: how long a reading job may run before it is taken to be lost with its worker (killed, its
     * machine gone) and run again by another.
     */
    CARDBOX_JOB_TIMEOUT_SECONDS: positiveSeconds('CARDBOX_JOB_TIMEOUT_SECONDS', 600),
    /**
     * On PostgreSQL: whether each app process also reads photos from the shared queue (`on`), or leaves them to
     * `cardbox worker` processes (`off`).
     */
    CARDBOX_APP_READS: z.enum(['on', 'off'], { message: 'CARDBOX_APP_READS is "on" or "off"' }).default('on'),
    /**
     * Where photos, card images and crops are kept: an S3-compatible object store that every app and worker
     * machine reaches (s3://ACCESS_KEY:SECRET@host:port/bucket/prefix, `?tls=off` for plain http); without it,
     * the data folder.
     */
    CARDBOX_FILES: z
      .string()
      .regex(
        /^s3:\/\/[^:@/\s]+:[^@\s]+@[^/\s]+\/[^\s]+$/,
        'CARDBOX_FILES is s3://ACCESS_KEY:SECRET@host:port/bucket/prefix',
      )
      .optional(),
    /** E-mail: an SMTP URL (smtp://user:pass@host:587) and the sender. */
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().default('Cardbox <cardbox@localhost>'),
    /** SMS: a webhook that sends one text per POST (see docs/casework.md), with an optional bearer token. */
    SMS_WEBHOOK_URL: z
      .url({ protocol: /^https?$/, message: 'SMS_WEBHOOK_URL must be an http(s) URL' })
      .optional(),
    SMS_WEBHOOK_TOKEN: z.string().optional(),
  })
  // Without a public address the codes point at this server on this machine, on whichever port it listens.
  .transform((settings) => ({
    ...settings,
    PUBLIC_BASE_URL: settings.PUBLIC_BASE_URL ?? `http://localhost:${settings.PORT}`,
  }));

export type Settings = z.infer<typeof envSchema>;

/** Settings from the environment, checked once at start with messages naming the variable. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`환경 변수가 올바르지 않습니다 (invalid environment):\n${lines.join('\n')}`);
}

/** The settings the delivery transports need (e-mail and SMS). */
export type DeliverySettings = Pick<
  Settings,
  'SMTP_URL' | 'MAIL_FROM' | 'SMS_WEBHOOK_URL' | 'SMS_WEBHOOK_TOKEN'
>;
