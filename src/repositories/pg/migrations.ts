/**
 * The database schema, as numbered steps applied once each and in order (`migrate.ts`). A step once released is
 * never edited: its checksum is kept, and a database whose applied steps differ from these is refused.
 *
 * Every row belongs to an institution. Records are kept whole as JSON (`record`, as the embedded store keeps
 * them) beside the columns the queries filter and sort on, derived from the record on every write. What must be
 * unique is a constraint: a serial across all institutions (a card's QR finds its institution), one case per
 * serial and per form submission, a username per institution, a counter's numbers, a voucher number per institution.
 */
export const MIGRATIONS: readonly { id: string; sql: string }[] = [
  {
    id: '0001-records',
    sql: `
CREATE TABLE institutions (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO institutions (id, name) VALUES ('default', 'default');

CREATE TABLE cases (
  institution_id text NOT NULL REFERENCES institutions,
  id text NOT NULL,
  seq bigserial NOT NULL,
  serial text,
  submission_id text,
  status text NOT NULL,
  received_at timestamptz NOT NULL,
  officer text,
  unconfirmed_reading boolean NOT NULL,
  record json NOT NULL,
  PRIMARY KEY (institution_id, id),
  UNIQUE (serial),
  UNIQUE (institution_id, submission_id)
);
CREATE INDEX cases_received ON cases (institution_id, received_at);
CREATE INDEX cases_status ON cases (institution_id, status, seq);
CREATE INDEX cases_officer ON cases (institution_id, officer, seq) WHERE officer IS NOT NULL;
CREATE INDEX cases_unconfirmed ON cases (institution_id, seq) WHERE unconfirmed_reading;
CREATE INDEX cases_seq ON cases (institution_id, seq);

CREATE TABLE audit (
  institution_id text NOT NULL REFERENCES institutions,
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  by text NOT NULL,
  action text NOT NULL,
  case_id text,
  record json NOT NULL
);
CREATE INDEX audit_newest ON audit (institution_id, seq DESC);
CREATE INDEX audit_case ON audit (institution_id, case_id, seq DESC) WHERE case_id IS NOT NULL;
CREATE INDEX audit_by ON audit (institution_id, by, seq DESC);

CREATE TABLE users (
  institution_id text NOT NULL REFERENCES institutions,
  id text NOT NULL,
  seq bigserial NOT NULL,
  username text NOT NULL,
  record json NOT NULL,
  PRIMARY KEY (institution_id, id),
  UNIQUE (institution_id, username)
);

CREATE TABLE sessions (
  institution_id text NOT NULL REFERENCES institutions,
  id text NOT NULL,
  seq bigserial NOT NULL,
  user_id text NOT NULL,
  created_at timestamptz NOT NULL,
  record json NOT NULL,
  PRIMARY KEY (institution_id, id)
);
CREATE INDEX sessions_user ON sessions (institution_id, user_id);
CREATE INDEX sessions_created ON sessions (institution_id, created_at);

CREATE TABLE print_batches (
  institution_id text NOT NULL REFERENCES institutions,
  id text NOT NULL,
  seq bigserial NOT NULL,
  printed boolean NOT NULL,
  created_at timestamptz NOT NULL,
  record json NOT NULL,
  PRIMARY KEY (institution_id, id)
);

CREATE TABLE serials (
  institution_id text NOT NULL REFERENCES institutions,
  id text NOT NULL,
  seq bigserial NOT NULL,
  batch_id text NOT NULL,
  origin text NOT NULL,
  record json NOT NULL,
  PRIMARY KEY (id)
);
CREATE INDEX serials_batch ON serials (institution_id, batch_id, seq);
CREATE INDEX serials_origin ON serials (institution_id, origin);

CREATE TABLE outbox (
  institution_id text NOT NULL REFERENCES institutions,
  id text NOT NULL,
  seq bigserial NOT NULL,
  status text NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  case_id text,
  to_visitor boolean NOT NULL,
  record json NOT NULL,
  PRIMARY KEY (institution_id, id)
);
CREATE INDEX outbox_due ON outbox (institution_id, status, next_attempt_at);
CREATE INDEX outbox_case ON outbox (institution_id, case_id) WHERE case_id IS NOT NULL;

CREATE TABLE plans (
  institution_id text NOT NULL REFERENCES institutions,
  id text NOT NULL,
  seq bigserial NOT NULL,
  year integer NOT NULL,
  record json NOT NULL,
  PRIMARY KEY (institution_id, id)
);

CREATE TABLE milestones (
  institution_id text NOT NULL REFERENCES institutions,
  id text NOT NULL,
  seq bigserial NOT NULL,
  year integer NOT NULL,
  kind text NOT NULL,
  record json NOT NULL,
  PRIMARY KEY (institution_id, id)
);

CREATE TABLE digitize_batches (
  institution_id text NOT NULL REFERENCES institutions,
  id text NOT NULL,
  seq bigserial NOT NULL,
  record json NOT NULL,
  PRIMARY KEY (institution_id, id)
);

CREATE TABLE photos (
  institution_id text NOT NULL REFERENCES institutions,
  id text NOT NULL,
  seq bigserial NOT NULL,
  status text NOT NULL,
  error_code text,
  record json NOT NULL,
  PRIMARY KEY (institution_id, id)
);
CREATE INDEX photos_status ON photos (institution_id, status, seq);

CREATE TABLE unidentified_cards (
  institution_id text NOT NULL REFERENCES institutions,
  id text NOT NULL,
  seq bigserial NOT NULL,
  photo_id text NOT NULL,
  open boolean NOT NULL,
  record json NOT NULL,
  PRIMARY KEY (institution_id, id)
);
CREATE INDEX unidentified_open ON unidentified_cards (institution_id, seq) WHERE open;

-- Which key seals this institution's contact details: its fingerprint (never the key), to refuse a wrong one.
CREATE TABLE key_fingerprints (
  institution_id text PRIMARY KEY REFERENCES institutions,
  hmac_sha256 text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sequences (
  institution_id text NOT NULL REFERENCES institutions,
  name text NOT NULL,
  last bigint NOT NULL,
  PRIMARY KEY (institution_id, name)
);
`,
  },
  {
    id: '0002-institution-sites',
    sql: `
-- Where an institution's pages are (its own host: the cards' QR codes point there) and its profile
-- (departments, deadlines, wording); without them, the deployment's PUBLIC_BASE_URL and CARDBOX_PROFILE.
ALTER TABLE institutions ADD COLUMN base_url text UNIQUE;
ALTER TABLE institutions ADD COLUMN profile json;
`,
  },
  {
    id: '0003-voucher-numbers',
    sql: `
-- A voucher number (5,000 KRW for a missed deadline) is one case's within its institution: the counter hands
-- them out, and this table, kept by a trigger from every written case, refuses a number a second case shows.
CREATE TABLE voucher_numbers (
  institution_id text NOT NULL REFERENCES institutions,
  number text NOT NULL,
  case_id text NOT NULL,
  PRIMARY KEY (institution_id, number)
);
CREATE FUNCTION cardbox_case_vouchers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  taken text;
BEGIN
  IF json_typeof(NEW.record->'vouchers') IS DISTINCT FROM 'array' THEN
    RETURN NULL;
  END IF;
  INSERT INTO voucher_numbers (institution_id, number, case_id)
    SELECT NEW.institution_id, v->>'number', NEW.id FROM json_array_elements(NEW.record->'vouchers') AS v
    ON CONFLICT DO NOTHING;
  SELECT n.number INTO taken
    FROM json_array_elements(NEW.record->'vouchers') AS v
    JOIN voucher_numbers n ON n.institution_id = NEW.institution_id AND n.number = v->>'number'
    WHERE n.case_id <> NEW.id
    LIMIT 1;
  IF taken IS NOT NULL THEN
    RAISE EXCEPTION 'voucher number % is already another case''s', taken USING ERRCODE = 'unique_violation';
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER cases_vouchers AFTER INSERT OR UPDATE OF record ON cases
  FOR EACH ROW EXECUTE FUNCTION cardbox_case_vouchers();
INSERT INTO voucher_numbers (institution_id, number, case_id)
  SELECT c.institution_id, v->>'number', c.id
  FROM cases c, json_array_elements(CASE WHEN json_typeof(c.record->'vouchers') = 'array' THEN c.record->'vouchers' ELSE '[]'::json END) AS v
  ON CONFLICT DO NOTHING;
`,
  },
  {
    id: '0004-personal-data',
    sql: `
-- The cases the retention sweep looks at: those still holding a contact, a contact draft or card images
-- (derived on every write, as holdsPersonalData in src/repositories/cases.ts). Existing rows computed here.
ALTER TABLE cases ADD COLUMN holds_personal_data boolean NOT NULL DEFAULT true;
UPDATE cases SET holds_personal_data = (
  json_typeof(record->'contact') IS NOT DISTINCT FROM 'object'
  OR (json_typeof(record->'reading') IS NOT DISTINCT FROM 'object'
      AND json_typeof(record->'filesPurgedAt') IS DISTINCT FROM 'string')
  OR coalesce(record#>>'{reading,fields,phone,sealed}', '') NOT IN ('', 'null')
  OR coalesce(record#>>'{reading,fields,phone,text}', '') <> ''
  OR coalesce(record#>>'{reading,fields,email,sealed}', '') NOT IN ('', 'null')
  OR coalesce(record#>>'{reading,fields,email,text}', '') <> ''
);
CREATE INDEX cases_personal_data ON cases (institution_id) WHERE holds_personal_data;
`,
  },
  {
    id: '0005-periodic-runs',
    sql: `
-- When periodic work (the sweep, the retention scan) of an institution last started, in any process: work
-- run "every N seconds" by every app process runs every N seconds in the deployment.
CREATE TABLE cardbox_runs (
  institution_id text NOT NULL REFERENCES institutions,
  name text NOT NULL,
  started_at timestamptz NOT NULL,
  PRIMARY KEY (institution_id, name)
);
`,
  },
  {
    id: '0006-attention',
    sql: `
-- When the charter sweep may first have something to do for an open case (attentionAt in
-- src/repositories/cases.ts, derived on every write): it reads those, not every open case each minute.
ALTER TABLE cases ADD COLUMN attention_at timestamptz;
UPDATE cases SET attention_at = (
  SELECT min(t) FROM (VALUES
    (CASE WHEN NOT EXISTS (SELECT 1 FROM json_array_elements(CASE WHEN json_typeof(record->'breaches') = 'array'
       THEN record->'breaches' ELSE '[]'::json END) AS b WHERE b->>'dueAt' = record->>'dueAt')
      THEN (record->>'dueAt')::timestamptz END),
    (CASE WHEN record->>'promisedAt' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM json_array_elements(CASE WHEN json_typeof(record->'breaches') = 'array'
       THEN record->'breaches' ELSE '[]'::json END) AS b WHERE b->>'dueAt' = record->>'promisedAt')
      THEN (record->>'promisedAt')::timestamptz END),
    (CASE WHEN json_typeof(record->'officer') = 'object'
       AND record->>'remindedFor' IS DISTINCT FROM coalesce(record->>'promisedAt', record->>'dueAt')
      THEN coalesce(record->>'promisedAt', record->>'dueAt')::timestamptz - interval '14 days' END)
  ) AS v(t)
) WHERE status NOT IN ('answered', 'closed') AND record->>'answeredAt' IS NULL;
CREATE INDEX cases_attention ON cases (institution_id, attention_at) WHERE attention_at IS NOT NULL;
`,
  },
];
