import { randomBytes } from 'node:crypto';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { issueSerials } from '../cards/registry.ts';
import { cardUrl } from '../cards/serial.ts';
import { receiveCase } from '../cases/intake.ts';
import { addTypedContent, canTypeOnline } from '../cases/reading.ts';
import type { Cardbox } from '../context.ts';
import type { CardType, CaseRecord } from '../store/records.ts';
import { CardForm, type CardFormProps } from '../views/visitor/CardForm.tsx';
import { CaseStatus } from '../views/visitor/CaseStatus.tsx';
import { Chooser } from '../views/visitor/Chooser.tsx';
import { NotFound } from '../views/visitor/NotFound.tsx';
import { Problem } from '../views/visitor/Problem.tsx';
import { TEXT } from '../views/visitor/text.ts';
import { lookupCard } from '../visitor/lookup.ts';
import { Once } from '../visitor/once.ts';
import { checkForm, EMPTY_FORM, type FormErrors, type FormValues, readForm } from '../visitor/submission.ts';
import { limitBody, requireContentType } from '../web/body-limit.ts';
import { formBody } from '../web/clean-text.ts';
import { clientAddress } from '../web/client.ts';
import { type CsrfVariables, csrf } from '../web/csrf.ts';
import { type PreferencesVariables, preferences } from '../web/preferences.ts';
import { FixedWindows, parseRateLimit, rateLimit } from '../web/rate-limit.ts';
import { securityHeaders } from '../web/security-headers.ts';

type VisitorEnv = { Variables: CsrfVariables & PreferencesVariables };
type C = Context<VisitorEnv>;

/** A form post is a few KB even at the message limit (2,000 Korean characters ≈ 18 KB URL-encoded). */
const MAX_FORM_BYTES = 64 * 1024;
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];
const CARD_TYPES: readonly string[] = ['green', 'yellow'] satisfies CardType[];

/**
 * The visitor's side: a card's QR code opens its form (or, once received, its status); `/write` is the same
 * form without a card. Cases are created only through `receiveCase`; the receipt (a redirect to the status
 * page) is sent only after the case is on disk.
 */
export function visitorRoutes(cardbox: Cardbox): Hono<VisitorEnv> {
  const { profile } = cardbox;
  const app = new Hono<VisitorEnv>();
  const csrfSecret = randomBytes(32);
  const submissions = new Once<string>();
  const limit = parseRateLimit(cardbox.settings.SUBMIT_RATE_LIMIT);
  // Lookups of serials that do not exist, per client (LOOKUP_RATE_LIMIT): past the limit every card URL is
  // refused for that client until the window ends, so a hit cannot be told from a miss while probing.
  const lookupLimit = parseRateLimit(cardbox.settings.LOOKUP_RATE_LIMIT);
  const probes = lookupLimit ? new FixedWindows(lookupLimit.limit, lookupLimit.windowMs) : null;

  // Pages carry a CSRF token or a case's status: never to be kept by a shared cache.
  const noStore: MiddlewareHandler = async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  };
  const page = [securityHeaders(), preferences(), noStore] as const;
  const formPost = (onCsrfRefused: (c: C) => Response | Promise<Response>) =>
    [
      limitBody(MAX_FORM_BYTES, (c) => problem(c, 413, 'tooLarge')),
      requireContentType(FORM_TYPES, (c) => problem(c, 415, 'wrongType')),
      ...(limit ? [rateLimit({ ...limit, onLimited: (c, s) => problem(c, 429, 'rate', s) })] : []),
      csrf({ secret: csrfSecret, onRefused: (c) => onCsrfRefused(c as C) }),
    ] as const;

  const problem = (
    c: Context,
    status: 413 | 415 | 429,
    kind: 'tooLarge' | 'wrongType' | 'rate',
    seconds = 0,
  ) => {
    const prefs = (c as C).var.prefs;
    const t = TEXT[prefs.lang];
    const text = kind === 'rate' ? t.rate(seconds) : kind === 'tooLarge' ? t.tooLarge : t.wrongType;
    const title = kind === 'rate' ? t.rateTitle : kind === 'tooLarge' ? t.tooLargeTitle : t.wrongTypeTitle;
    return c.html(
      <Problem
        profile={profile}
        prefs={prefs}
        title={title}
        text={text}
        back={new URL(c.req.url).pathname}
      />,
      status,
    );
  };

  const showForm = (
    c: C,
    status: 200 | 403 | 422,
    form: Pick<CardFormProps, 'type' | 'serial' | 'action' | 'submissionId' | 'notice'> & {
      values?: FormValues;
      errors?: FormErrors;
    },
  ) =>
    c.html(
      <CardForm
        {...form}
        profile={profile}
        prefs={c.var.prefs}
        csrfToken={c.var.csrfToken}
        values={form.values ?? EMPTY_FORM}
        errors={form.errors ?? {}}
      />,
      status,
    );

  const showCase = (
    c: C,
    status: 200 | 409,
    found: { record: CaseRecord; serial: string; issuedOnline: boolean },
    mode: 'status' | 'receipt' | 'already',
  ) => {
    return c.html(
      <CaseStatus
        profile={profile}
        prefs={c.var.prefs}
        record={found.record}
        mode={mode}
        cardUrl={cardUrl(cardbox.settings.PUBLIC_BASE_URL, found.serial)}
        issuedOnline={found.issuedOnline}
        now={cardbox.now()}
      />,
      status,
    );
  };

  const tooManyLookups = (c: C, seconds: number) => {
    c.header('Retry-After', String(seconds));
    const minutes = Math.ceil(seconds / 60);
    const [title, text] =
      c.var.prefs.lang === 'en'
        ? [
            'Please try again later',
            `Too many card numbers that do not exist were opened from here in a short time. Please try again in about ${minutes} minutes. Scanning the QR code on the card avoids typing mistakes.`,
          ]
        : [
            '잠시 후 다시 열어 주세요',
            `짧은 시간에 없는 카드 번호를 너무 많이 여셨습니다. ${minutes}분쯤 뒤에 다시 열어 주세요. 카드의 QR 코드를 찍으면 번호를 잘못 입력할 일이 없습니다.`,
          ];
    return c.html(<Problem profile={profile} prefs={c.var.prefs} title={title} text={text} back="/" />, 429);
  };

  /** Refuses every card URL from a client that has looked up too many unknown serials. */
  const lookupGuard: MiddlewareHandler<VisitorEnv> = async (c, next) => {
    const wait = probes?.check(clientAddress(c), Date.now()) ?? 0;
    if (wait > 0) return tooManyLookups(c, wait);
    await next();
  };

  const notFound = (c: C, reason: 'typo' | 'unknown') => {
    const wait = probes?.hit(clientAddress(c), Date.now()) ?? 0;
    if (wait > 0) return tooManyLookups(c, wait);
    return c.html(
      <NotFound {...{ profile, reason }} prefs={c.var.prefs} typed={c.req.param('serial')} />,
      404,
    );
  };

  const csrfRefusedOnCard = async (c: C) => {
    const found = await lookupCard(cardbox, c.req.param('serial') ?? '');
    if (found.kind === 'case') return showCase(c, 409, found, 'already');
    if (found.kind !== 'blank') return notFound(c, found.kind);
    const t = TEXT[c.var.prefs.lang];
    return showForm(c, 403, {
      type: found.type,
      serial: found.serial,
      action: new URL(c.req.url).pathname,
      values: readForm(await formBody(c, { all: true })),
      notice: { title: t.csrfTitle, text: t.csrf },
    });
  };

  const cardPage = async (c: C) => {
    const found = await lookupCard(cardbox, c.req.param('serial') ?? '');
    if (found.kind === 'typo' || found.kind === 'unknown') return notFound(c, found.kind);
    if (found.kind === 'case') return showCase(c, 200, found, c.req.query('received') ? 'receipt' : 'status');
    return showForm(c, 200, { type: found.type, serial: found.serial, action: new URL(c.req.url).pathname });
  };

  const cardSubmit = async (c: C) => {
    const found = await lookupCard(cardbox, c.req.param('serial') ?? '');
    if (found.kind === 'typo' || found.kind === 'unknown') return notFound(c, found.kind);
    // A card already read from the box takes the visitor's typed words once: they are the visitor's own
    // (the reading stays beside them). Anything else already received is refused as sent twice.
    if (found.kind === 'case' && !canTypeOnline(found.record)) return showCase(c, 409, found, 'already');
    const values = readForm(await formBody(c, { all: true }));
    const card = found.kind === 'case' ? { serial: found.serial, type: found.record.type } : found;
    const checked = checkForm(profile, values, card);
    if (!checked.ok) {
      const action = new URL(c.req.url).pathname;
      return showForm(c, 422, {
        type: card.type,
        serial: found.serial,
        action,
        values,
        errors: checked.errors,
      });
    }
    if (found.kind === 'case') {
      await addTypedContent(cardbox, found.record.id, {
        ...checked.intake,
        contact: checked.intake.contact ?? null,
      });
      return c.redirect(`/c/${found.serial}?received=1`, 303);
    }
    const { record, created } = await receiveCase(cardbox, checked.intake);
    if (!created) return showCase(c, 409, { record, serial: found.serial, issuedOnline: false }, 'already');
    return c.redirect(`/c/${found.serial}?received=1`, 303);
  };

  for (const prefix of ['/c', '/C']) {
    app.get(`${prefix}/:serial`, ...page, lookupGuard, csrf({ secret: csrfSecret }), cardPage);
    app.post(`${prefix}/:serial`, ...page, lookupGuard, ...formPost(csrfRefusedOnCard), cardSubmit);
  }

  app.get('/write', ...page, csrf({ secret: csrfSecret }), (c) => {
    const type = c.req.query('type');
    if (!type || !CARD_TYPES.includes(type)) return c.html(<Chooser profile={profile} prefs={c.var.prefs} />);
    return showForm(c, 200, {
      type: type as CardType,
      serial: null,
      action: '/write',
      submissionId: randomBytes(16).toString('base64url'),
    });
  });

  const writeForm = async (c: C, status: 403 | 422, errors?: FormErrors) => {
    const body = await formBody(c, { all: true });
    const t = TEXT[c.var.prefs.lang];
    return showForm(c, status, {
      type: body.type as CardType,
      serial: null,
      action: '/write',
      submissionId:
        typeof body.submission === 'string' ? body.submission : randomBytes(16).toString('base64url'),
      values: readForm(body),
      ...(errors ? { errors } : { notice: { title: t.csrfTitle, text: t.csrf } }),
    });
  };

  app.post(
    '/write',
    ...page,
    ...formPost(async (c) => {
      const type = (await formBody(c)).type;
      return typeof type === 'string' && CARD_TYPES.includes(type)
        ? writeForm(c, 403)
        : c.redirect('/write', 303);
    }),
    async (c) => {
      const body = await formBody(c, { all: true });
      const type = body.type;
      if (typeof type !== 'string' || !CARD_TYPES.includes(type)) return c.redirect('/write', 303);
      const checked = checkForm(profile, readForm(body), { serial: null, type: type as CardType });
      if (!checked.ok) return writeForm(c, 422, checked.errors);
      const id =
        typeof body.submission === 'string' && /^[A-Za-z0-9_-]{22}$/.test(body.submission)
          ? body.submission
          : undefined;
      const newCase = async () => {
        // The same form sent again after the server died before answering finds its case (stored with it).
        const sent = id ? await cardbox.cases.getBySubmission(id) : undefined;
        if (sent?.serial) return sent.serial;
        const { serials } = await issueSerials(
          cardbox.registry,
          { type: type as CardType, count: 1, origin: 'online', createdBy: 'visitor', format: 'none' },
          cardbox.now(),
        );
        const serial = serials[0]!;
        const { record } = await receiveCase(cardbox, {
          ...checked.intake,
          serial,
          ...(id ? { submissionId: id } : {}),
        });
        return record.serial ?? serial;
      };
      const serial = id ? await submissions.run(id, newCase) : await newCase();
      return c.redirect(`/c/${serial}?received=1`, 303);
    },
  );

  return app;
}
