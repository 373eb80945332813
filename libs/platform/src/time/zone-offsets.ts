import { IANAZone } from 'luxon';

/** A stretch of time over which a zone keeps one UTC offset. */
export interface OffsetSegment {
  /** The segment covers instants before this one (exclusive); null: no end. */
  until: Date | null;
  /** Local time = UTC + this many seconds. */
  offsetSeconds: number;
}

interface Transition {
  at: number;
  offsetSeconds: number;
}

const DAY_MS = 24 * 3600 * 1000;
const CACHE_LIMIT = 5_000;
const yearCache = new Map<string, Transition[]>();

const zones = new Map<string, IANAZone | null>();

/** The zone, or null if the runtime does not know the name. Cached: checking builds an Intl formatter. */
function knownZone(name: string): IANAZone | null {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = IANAZone.isValidZone(name) ? IANAZone.create(name) : null;
    if (zones.size >= CACHE_LIMIT) zones.clear();
    zones.set(name, zone);
  }
  return zone;
}

/** True for IANA names the runtime knows (`Europe/Berlin`, `UTC`); false for typos. */
export function isValidTimeZone(zone: string): boolean {
  return typeof zone === 'string' && knownZone(zone) !== null;
}

function zoneOf(name: string): IANAZone {
  return knownZone(name) ?? IANAZone.create('UTC');
}

/** The zone's offset at an instant, in whole seconds (tz data has second-precision LMT offsets). */
export function offsetSecondsAt(zone: string, at: number): number {
  return Math.round(zoneOf(zone).offset(at) * 60);
}

/**
 * Offset changes within one UTC year, found by sampling each day and bisecting to the second.
 * Zone rules do not change while we run, so each (zone, year) is computed once.
 */
function transitionsOfYear(zone: string, year: number): Transition[] {
  const cacheKey = `${zone}|${year}`;
  const cached = yearCache.get(cacheKey);
  if (cached) return cached;
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const found: Transition[] = [];
  let previous = offsetSecondsAt(zone, start);
  for (let t = start; t < end; t += DAY_MS) {
    const next = Math.min(t + DAY_MS, end);
    const offset = offsetSecondsAt(zone, next);
    if (offset === previous) continue;
    // Bisect (t, next] for the first second with the new offset.
    let low = t;
    let high = next;
    while (high - low > 1000) {
      const mid = low + Math.floor((high - low) / 2000) * 1000;
      if (offsetSecondsAt(zone, mid) === previous) low = mid;
      else high = mid;
    }
    found.push({ at: high, offsetSeconds: offset });
    previous = offset;
  }
  if (yearCache.size >= CACHE_LIMIT) yearCache.clear();
  yearCache.set(cacheKey, found);
  return found;
}

/**
 * The zone's offsets over [from, to]: what SQL needs to turn UTC into local wall time without the
 * server's time zone tables (a stock MySQL/MariaDB has none loaded, so CONVERT_TZ returns NULL).
 */
export function offsetSegments(zone: string, from: Date, to: Date): OffsetSegment[] {
  const startMs = from.getTime();
  const endMs = Math.max(to.getTime(), startMs);
  let current = offsetSecondsAt(zone, startMs);
  const segments: OffsetSegment[] = [];
  const firstYear = new Date(startMs).getUTCFullYear();
  const lastYear = new Date(endMs).getUTCFullYear();
  for (let year = firstYear; year <= lastYear; year++) {
    for (const transition of transitionsOfYear(zone, year)) {
      if (transition.at <= startMs || transition.at > endMs) continue;
      if (transition.offsetSeconds === current) continue;
      segments.push({ until: new Date(transition.at), offsetSeconds: current });
      current = transition.offsetSeconds;
    }
  }
  segments.push({ until: null, offsetSeconds: current });
  return segments;
}

/** The offset in force at `at` according to `segments` (which must cover it). */
export function offsetFromSegments(segments: OffsetSegment[], at: number): number {
  for (const segment of segments)
    if (segment.until === null || at < segment.until.getTime()) return segment.offsetSeconds;
  return segments[segments.length - 1]!.offsetSeconds;
}

/**
 * SQL for `column` (a UTC DATETIME) shifted to local wall time, as one CASE over the segments.
 * Only our own numbers and dates become parameters; `column` must be a trusted identifier.
 */
export function localTimeSql(column: string, segments: OffsetSegment[]): { sql: string; params: unknown[] } {
  if (segments.length === 1) {
    return { sql: `(${column} + INTERVAL ? SECOND)`, params: [segments[0]!.offsetSeconds] };
  }
  const params: unknown[] = [];
  const branches = segments
    .map((segment) => {
      if (!segment.until) {
        params.push(segment.offsetSeconds);
        return `ELSE ?`;
      }
      params.push(segment.until, segment.offsetSeconds);
      return `WHEN ${column} < ? THEN ?`;
    })
    .join(' ');
  return { sql: `(${column} + INTERVAL (CASE ${branches} END) SECOND)`, params };
}
