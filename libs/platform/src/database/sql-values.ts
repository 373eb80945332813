/**
 * Raw queries return DATETIME columns as text (`dateStrings`), in UTC because the connection runs
 * with `timezone: '+00:00'`. These turn them back into instants.
 */
export function parseSqlDateTime(value: string | Date): Date;
export function parseSqlDateTime(value: string | Date | null | undefined): Date | null;
export function parseSqlDateTime(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(`${value.replace(' ', 'T')}Z`);
}

/** Counts come back as numbers or, from SUM(), as DECIMAL text. */
export function sqlCount(value: string | number | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
