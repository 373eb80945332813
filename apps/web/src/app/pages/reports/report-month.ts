/**
 * `2026-11` → "November 2026", or "November" alone (the month is the user's local one; no time
 * zone applies). Anything else comes back as it is.
 */
export function monthName(month: string, style: 'month-year' | 'month' = 'month-year'): string {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) return month;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  const options: Intl.DateTimeFormatOptions = { month: 'long', timeZone: 'UTC' };
  if (style === 'month-year') options.year = 'numeric';
  return new Intl.DateTimeFormat(undefined, options).format(date);
}

/** How a report was last emailed, in words. */
export function formatName(format: 'pdf' | 'html' | null): string {
  return format === 'html' ? 'in the email' : format === 'pdf' ? 'as a PDF' : '';
}
