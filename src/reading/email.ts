import type { OcrText } from './ocr.ts';
import { voteReadings } from './vote.ts';

/**
 * E-mail addresses read under their grammar and the mail domains people in Korea use (issue 19). Each look at
 * the line gives a raw reading; each is parsed into an address (local part @ domain), with what had to be
 * repaired to get there named: a domain a letter or two off a known one snapped to it (`henmail.net` →
 * `hanmail.net`), a dot lost or an `@` misread put back, a 1 read as l (or an o as 0) inside a run of digits.
 * The readings then vote; the address with the most confidence behind it wins. Nothing repaired is reported
 * as sure: the repairs are flagged for staff, and an address that does not parse is flagged, never turned into
 * another one. The local part is never changed beyond the digit look-alikes (a different person's address).
 */
export const MAIL_DOMAINS = [
  'naver.com',
  'daum.net',
  'hanmail.net',
  'gmail.com',
  'kakao.com',
  'nate.com',
  'outlook.com',
  'hotmail.com',
  'korea.kr',
  'icloud.com',
  'yahoo.com',
  'yahoo.co.kr',
  'empas.com',
  'live.com',
  'me.com',
  'naver.net',
  'hanmir.com',
  'paran.com',
] as const;

/** Endings of domains that are not on the list but are written as they are (`snu.ac.kr`, `company.co.kr`). */
const ENDINGS = ['com', 'net', 'org', 'kr', 'edu', 'io', 'me', 'info', 'biz', 'co', 'jp', 'us', 'uk', 'cn'];

export type EmailRepair =
  | 'domain-snapped'
  | 'at-restored'
  | 'dot-restored'
  | 'digit-look-alike'
  | 'junk-dropped';

export interface EmailCandidate {
  text: string;
  /** What was changed from the raw reading to reach this address. */
  repairs: EmailRepair[];
  /** The domain is one of the known ones (as read, or snapped). */
  known: boolean;
  /** How far the reading was from this address (weighted edits; 0 = read as it stands). */
  cost: number;
}

export interface EmailReading {
  text: string;
  /** 0–1 before calibration: the share of the looks' confidence behind the address, less for each repair. */
  confidence: number;
  repairs: EmailRepair[];
  /** Review flags: `email-format` (no address could be read), `email-domain-snapped`, `email-repaired`. */
  review: string[];
}

const LOCAL = /^[a-z0-9](?:[a-z0-9._+-]*[a-z0-9])?$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

/** Characters tesseract confuses in handwriting (each pair costs half an edit). */
const LOOK_ALIKE = [
  'gq',
  'ga',
  'o0',
  'oa',
  'ae',
  'ce',
  'ec',
  'l1',
  'li',
  'i1',
  'il',
  'vn',
  'nr',
  'uv',
  'mn',
  'kh',
  'tf',
];
const ALIKE = new Set(LOOK_ALIKE.flatMap(([a, b]) => [`${a}${b}`, `${b}${a}`]));

/** Weighted edit distance: look-alikes half an edit, a dot lost or added 0.4. */
export function domainDistance(read: string, known: string): number {
  const a = [...read];
  const b = [...known];
  let previous = Array.from({ length: b.length + 1 }, (_, j) =>
    b.slice(0, j).reduce((s, c) => s + gap(c), 0),
  );
  for (let i = 1; i <= a.length; i++) {
    const current = [previous[0]! + gap(a[i - 1]!)];
    for (let j = 1; j <= b.length; j++) {
      const x = a[i - 1]!;
      const y = b[j - 1]!;
      const substitute = x === y ? 0 : ALIKE.has(`${x}${y}`) ? 0.5 : 1;
      current[j] = Math.min(previous[j]! + gap(x), current[j - 1]! + gap(y), previous[j - 1]! + substitute);
    }
    previous = current;
  }
  return previous[b.length]!;
}

function gap(c: string): number {
  return c === '.' ? 0.4 : 1;
}

/** The known domain a read domain is nearest to, if it is clearly the one meant: near enough for its length,
 * and every other known domain at least one edit further (`nave.com` is as near to naver.com as to nate.com:
 * no snap). */
export function snapDomain(
  read: string,
  domains: readonly string[],
): { domain: string; cost: number } | null {
  let best: { domain: string; cost: number } | null = null;
  let second = Number.POSITIVE_INFINITY;
  for (const domain of domains) {
    const cost = domainDistance(read, domain);
    if (!best || cost < best.cost) {
      if (best) second = best.cost;
      best = { domain, cost };
    } else if (cost < second) second = cost;
  }
  if (!best) return null;
  if (best.cost === 0) return best;
  const room = Math.min(2.5, 0.3 * best.domain.length);
  return best.cost <= room && second - best.cost >= 1 ? best : null;
}

/** A run of digits with look-alike letters in it: the letters were digits (`minsul695` → `minsu1695`,
 * `seoyeonloo3` → `seoyeon1003`). The run starts at its first digit, l or |: an o or i before that is the end
 * of a name (jiwoo1059, minji1995), far more often than a 1 read as l. A 1 between two letters was an l. */
function digitLookAlikes(local: string): string {
  const s = local.replace(/[0-9lio|]+/g, (run) => {
    if (!/[0-9]/.test(run)) return run;
    const from = run.search(/[0-9l|]/);
    return run.slice(0, from) + run.slice(from).replace(/[li|]/g, '1').replace(/o/g, '0');
  });
  return s.replace(/(?<=[a-z])1(?=[a-z])/g, 'l');
}

/** One raw reading as an address, or null if nothing like one is in it. */
export function parseEmail(raw: string, domains: readonly string[]): EmailCandidate | null {
  const tokens = raw
    .toLowerCase()
    .replace(/[,;:]/g, '.')
    .replace(/[^a-z0-9@._+\-|\s]/g, '')
    .split(/\s+/)
    .filter(Boolean);
  // A token of one or two characters at either end, beside the address, is what is left of a neighbour's
  // ink (the phone digits above, the consent line below): dropped.
  let first = 0;
  let last = tokens.length;
  while (last - first > 1 && tokens[first]!.length <= 2 && !tokens[first]!.includes('@')) first++;
  while (last - first > 1 && tokens[last - 1]!.length <= 2 && !tokens[last - 1]!.includes('@')) last--;
  const kept = tokens.slice(first, last);
  const dropped: EmailRepair[] = kept.length < tokens.length ? ['junk-dropped'] : [];
  if (!kept.length) return null;
  const options: EmailCandidate[] = [];
  const joined = parseJoined(kept.join(''), domains);
  if (joined) options.push({ ...joined, repairs: [...dropped, ...joined.repairs] });
  // Longer tokens around the one with the @ may be junk too: the address alone, as another option.
  const withAt = kept.filter((t) => t.includes('@'));
  if (kept.length > 1 && withAt.length === 1) {
    const alone = parseJoined(withAt[0]!, domains);
    if (alone)
      options.push({ ...alone, repairs: ['junk-dropped', ...alone.repairs], cost: alone.cost + 0.5 });
  }
  return options.sort((a, b) => Number(b.known) - Number(a.known) || a.cost - b.cost)[0] ?? null;
}

function parseJoined(s: string, domains: readonly string[]): EmailCandidate | null {
  const at = s.indexOf('@');
  const splits: { local: string; domain: string; repairs: EmailRepair[]; cost: number }[] = [];
  if (at > 0 && at === s.lastIndexOf('@'))
    splits.push({ local: s.slice(0, at), domain: s.slice(at + 1), repairs: [], cost: 0 });
  else {
    // No @ (or several): each place where one could have been, read as another character or lost; only a known
    // domain after it makes such a split believable.
    const bare = s.replace(/@/g, '');
    for (let i = 1; i < bare.length - 3; i++) {
      splits.push({ local: bare.slice(0, i), domain: bare.slice(i + 1), repairs: ['at-restored'], cost: 1 });
      splits.push({ local: bare.slice(0, i), domain: bare.slice(i), repairs: ['at-restored'], cost: 1 });
    }
  }
  let best: EmailCandidate | null = null;
  for (const split of splits) {
    const candidate = address(split.local, split.domain, domains, split.repairs, split.cost);
    if (!candidate) continue;
    if (split.repairs.includes('at-restored') && !candidate.known) continue;
    if (
      !best ||
      Number(candidate.known) > Number(best.known) ||
      (candidate.known === best.known && candidate.cost < best.cost)
    )
      best = candidate;
  }
  return best;
}

function address(
  rawLocal: string,
  rawDomain: string,
  domains: readonly string[],
  repairs: EmailRepair[],
  cost: number,
): EmailCandidate | null {
  const trimmedLocal = rawLocal.replace(/^[._+|-]+|[._+|-]+$/g, '');
  const local = digitLookAlikes(trimmedLocal).replace(/\|/g, 'l');
  if (!LOCAL.test(local) || local.includes('..')) return null;
  const localRepairs: EmailRepair[] = local !== trimmedLocal ? ['digit-look-alike'] : [];
  const domain = rawDomain
    .replace(/_/g, '.')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+|[.-]+$/g, '');
  if (!domain) return null;
  const snapped = snapDomain(domain, domains);
  if (snapped) {
    const changed = snapped.cost > 0;
    const onlyDots = changed && domain.replace(/\./g, '') === snapped.domain.replace(/\./g, '');
    const domainRepairs: EmailRepair[] = changed ? [onlyDots ? 'dot-restored' : 'domain-snapped'] : [];
    return {
      text: `${local}@${snapped.domain}`,
      repairs: [...repairs, ...localRepairs, ...domainRepairs],
      known: true,
      cost: cost + snapped.cost + localRepairs.length * 0.5,
    };
  }
  if (!DOMAIN.test(domain) || !ENDINGS.includes(domain.split('.').at(-1)!)) return null;
  return {
    text: `${local}@${domain}`,
    repairs: [...repairs, ...localRepairs],
    known: false,
    cost: cost + localRepairs.length * 0.5,
  };
}

/** How much a repair lowers the confidence (all of them are flagged; these order the readings for staff). */
const REPAIR_FACTOR: Record<EmailRepair, number> = {
  'domain-snapped': 0.7,
  'at-restored': 0.6,
  'dot-restored': 0.85,
  'digit-look-alike': 0.7,
  'junk-dropped': 0.9,
};

/**
 * Several readings of the e-mail line (the looks) combined: each parsed on its own, the addresses voted by
 * their readings' confidence (an address read without repair counts for more than the same address repaired).
 * The winner's confidence is the share of the vote behind it, lowered for each repair it needed.
 */
export function chooseEmail(reads: OcrText[], domains: readonly string[]): EmailReading {
  const written = reads.filter((r) => r.text.trim());
  if (!written.length) return { text: '', confidence: 0, repairs: [], review: [] };
  const votes = new Map<string, { weight: number; best: EmailCandidate }>();
  let total = 0;
  // The looks voted character by character (as message lines are) is one more reading: where each look
  // misreads another character, the vote can be right where none is.
  const lowered = written.map((r) => ({ ...r, text: r.text.toLowerCase() }));
  const voted = written.length >= 3 ? [{ ...voteReadings(lowered), confidence: mean(written) }] : [];
  for (const read of [...lowered, ...voted]) {
    const weight = Math.max(read.confidence, 0.05);
    total += weight;
    const candidate = parseEmail(read.text, domains);
    if (!candidate) continue;
    const w = weight / (1 + candidate.cost);
    const entry = votes.get(candidate.text);
    if (!entry) votes.set(candidate.text, { weight: w, best: candidate });
    else {
      entry.weight += w;
      if (candidate.cost < entry.best.cost) entry.best = candidate;
    }
  }
  const ranked = [...votes.values()].sort((a, b) => b.weight - a.weight);
  const winner = ranked[0];
  if (!winner) {
    // Nothing parses: the most confident reading as it stands, lower-cased, for staff to correct.
    const raw = written.reduce((a, b) => (b.confidence > a.confidence ? b : a));
    return {
      text: raw.text.toLowerCase().replace(/\s+/g, ''),
      confidence: 0,
      repairs: [],
      review: ['email', 'email-format'],
    };
  }
  const repairs = winner.best.repairs;
  const share = winner.weight / total;
  const confidence = repairs.reduce(
    (c, r) => c * REPAIR_FACTOR[r],
    Math.min(1, share * (0.5 + 0.5 * mean(written))),
  );
  const review: string[] = [];
  if (repairs.includes('domain-snapped')) review.push('email-domain-snapped');
  // A dot put back into a known domain, or a neighbour's speck dropped, changes no one's address: it only
  // lowers the confidence. A letter of the local part changed, or an @ put back, is for staff to confirm.
  if (repairs.includes('at-restored') || repairs.includes('digit-look-alike')) review.push('email-repaired');
  if (review.length) review.unshift('email');
  return { text: winner.best.text, confidence, repairs, review };
}

function mean(reads: OcrText[]): number {
  return reads.reduce((s, r) => s + r.confidence, 0) / Math.max(1, reads.length);
}
