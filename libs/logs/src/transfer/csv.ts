/**
 * CSV cells for spreadsheets. A text cell starting with `=`, `+`, `-`, `@` (or tab/CR) would run as a
 * formula in Excel or LibreOffice (OWASP "CSV injection"), so it gets a leading apostrophe, which
 * spreadsheets show as text. An apostrophe of the user's own at the start is doubled, which makes
 * the escape reversible: import strips exactly one, and export → import gives back the same text.
 */
const NEEDS_GUARD = /^[=+\-@\t\r']/;
const GUARDED = /^'[=+\-@\t\r']/;

export function protectCell(text: string): string {
  return NEEDS_GUARD.test(text) ? `'${text}` : text;
}

export function unprotectCell(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}

/** One RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(value: string | null): string {
  if (value === null || value === '') return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(values: Array<string | null>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Marks the file as UTF-8 for Excel; the importer skips it. */
export const UTF8_BOM = '\uFEFF';
