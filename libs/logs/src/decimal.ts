/**
 * Log values are DECIMAL(18,4) in MySQL and JSON numbers in the API. A value is accepted only if
 * it survives both exactly: at most 14 digits before the point, 4 after, and 15 significant digits
 * in all (what an IEEE double always round-trips). So the number a client reads back is the number
 * it sent, and sums are exact in SQL.
 */
export const DECIMAL_RULES = { integerDigits: 14, scale: 4, significantDigits: 15 } as const;

export type DecimalResult = { ok: true; text: string } | { ok: false; problem: string };

const PLAIN_DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

function fromParts(sign: string | undefined, integer: string, fraction: string): DecimalResult {
  const int = integer.replace(/^0+(?=\d)/, '');
  const frac = fraction.replace(/0+$/, '');
  if (frac.length > DECIMAL_RULES.scale) {
    return { ok: false, problem: `must have at most ${DECIMAL_RULES.scale} decimal places` };
  }
  if (int.length > DECIMAL_RULES.integerDigits) {
    return { ok: false, problem: 'must be between -99999999999999.9999 and 99999999999999.9999' };
  }
  const significant = `${int}${frac}`.replace(/^0+/, '').length;
  if (significant > DECIMAL_RULES.significantDigits) {
    return {
      ok: false,
      problem: `must have at most ${DECIMAL_RULES.significantDigits} significant digits to be stored exactly`,
    };
  }
  const negative = sign === '-' && /[1-9]/.test(int + frac);
  return { ok: true, text: `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}` };
}

/** A JSON number as exact DECIMAL text, or why it cannot be stored exactly. */
export function decimalFromNumber(value: unknown): DecimalResult {
  if (typeof value !== 'number') return { ok: false, problem: 'must be a number' };
  if (!Number.isFinite(value)) return { ok: false, problem: 'must be a finite number' };
  // String() gives the shortest text that reads back as the same double.
  const text = String(value);
  if (/e/i.test(text)) {
    return Math.abs(value) < 1
      ? { ok: false, problem: `must have at most ${DECIMAL_RULES.scale} decimal places` }
      : { ok: false, problem: 'must be between -99999999999999.9999 and 99999999999999.9999' };
  }
  const match = PLAIN_DECIMAL.exec(text)!;
  return fromParts(match[1], match[2]!, match[3] ?? '');
}

/** Decimal text from a file (`12.5`, `-0.25`; no exponents or thousands separators). */
export function decimalFromText(text: string): DecimalResult {
  const match = PLAIN_DECIMAL.exec(text.trim());
  if (!match) return { ok: false, problem: 'must be a plain decimal number such as 12.5 or -3' };
  return fromParts(match[1], match[2]!, match[3] ?? '');
}

/** DECIMAL text from MySQL (`12.5000`) as the number the API shows. */
export function decimalToNumber(text: string): number {
  return Number(text);
}

/** DECIMAL text from MySQL in its shortest form (`12.5000` → `12.5`), for files. */
export function decimalToText(text: string): string {
  const result = decimalFromText(text);
  return result.ok ? result.text : text;
}
