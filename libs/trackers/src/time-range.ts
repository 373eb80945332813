import { BadRequestError, ErrorDetail, parseTimeBound, TIME_BOUND_FORMAT_HINT } from '@tally/platform';

export interface TimeRangeQuery {
  from?: string;
  to?: string;
}

export interface TimeRange {
  /** Inclusive bounds; undefined means open. */
  from?: Date;
  to?: Date;
}

/**
 * Reads `from`/`to` (date-times with offset, or dates in the user's zone) and checks from ≤ to.
 * Lists and statistics share it so both read a range the same way.
 */
export function resolveTimeRange(query: TimeRangeQuery, zone: string): TimeRange {
  const problems: ErrorDetail[] = [];
  const read = (field: 'from' | 'to', edge: 'start' | 'end'): Date | undefined => {
    const text = query[field];
    if (text === undefined || text === '') return undefined;
    const value = parseTimeBound(text, zone, edge);
    if (!value) problems.push({ field, message: `${field} must be ${TIME_BOUND_FORMAT_HINT}` });
    return value ?? undefined;
  };
  const range: TimeRange = { from: read('from', 'start'), to: read('to', 'end') };
  if (!problems.length && range.from && range.to && range.from > range.to) {
    problems.push({ field: 'from', message: 'from must not be after to' });
  }
  if (problems.length) throw new BadRequestError(problems.map((p) => p.message).join('; '), problems);
  return range;
}
