/**
 * The institution's time zone (`institution.timezone` in the profile, set once when a Cardbox opens with
 * `useTimeZone`): every calendar date Cardbox computes or prints goes through here, so a page, an export and
 * a notice never disagree about which day an instant falls on. Offsets come from the zone database through
 * `Intl` (daylight saving included, though Korea has had none since 1988); one zone serves a process, as a
 * regional deployment's institutions share theirs.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

let zone = 'Asia/Seoul';
let offsets = new Map<number, number>();
let parts = partsFormat(zone);

function partsFormat(name: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
}

/** Sets the zone every local date is computed in; an unknown zone name is refused with its name. */
export function useTimeZone(name: string): void {
  if (name === zone) return;
  let format: Intl.DateTimeFormat;
  try {
    format = partsFormat(name);
  } catch {
    throw new Error(`알 수 없는 시간대입니다: "${name}" (unknown time zone; e.g. Asia/Seoul)`);
  }
  zone = name;
  parts = format;
  offsets = new Map();
}

/** The zone's IANA name, for `Intl` formats (`Asia/Seoul`). */
export function timeZone(): string {
  return zone;
}

/** The zone's offset from UTC at an instant, in ms (zones change offset on the hour: cached an hour at a time). */
function offsetAt(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const at = hour * HOUR_MS;
    const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, Number(x.value)]));
    offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - at;
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

const instantOf = (at: Date | string): number => (typeof at === 'string' ? Date.parse(at) : at.getTime());

/** The instant a local wall-clock time falls on, given as if it were UTC (epoch ms). */
function fromWallClock(wall: number): number {
  const first = wall - offsetAt(wall);
  return wall - offsetAt(first);
}

/** The local calendar date of an instant, 'YYYY-MM-DD'. */
export function localDate(at: Date | string): string {
  const ms = instantOf(at);
  return new Date(ms + offsetAt(ms)).toISOString().slice(0, 10);
}

/** '2026-09-23 14:05', local time. */
export function localDateTime(at: Date | string): string {
  const ms = instantOf(at);
  const shifted = new Date(ms + offsetAt(ms)).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/** The instant a local calendar day starts, in epoch milliseconds. */
export function startOfLocalDay(date: string): number {
  return fromWallClock(Date.parse(`${date}T00:00:00Z`));
}

/** The instant a local calendar day ends (the next day's 00:00). */
export function endOfLocalDay(date: string): Date {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return new Date(startOfLocalDay(next));
}

/** A local wall-clock time 'YYYY-MM-DDTHH:mm' (a form's datetime-local) as an instant. */
export function localInstant(dateTime: string): Date {
  return new Date(fromWallClock(Date.parse(`${dateTime}:00Z`)));
}

/**
 * The last day a deadline allows: a deadline at 00:00 belongs to the day before ("by the 25th", not "by
 * 00:00 on the 26th"). Pages, exports and notices all print a deadline as this day.
 */
export function dueDay(dueAt: Date | string): string {
  return localDate(new Date(instantOf(dueAt) - 1));
}

/** Whether an instant is a local midnight (a day-counted deadline), rather than a time of day. */
export function isLocalMidnight(at: Date | string): boolean {
  const ms = instantOf(at);
  return (ms + offsetAt(ms)) % DAY_MS === 0;
}
