/**
 * What a valid account field is (product.md §1). Services use these directly; the api's
 * class-validator decorators over them are in apps/api/src/http/validators.ts.
 */

/** 3–32 characters of [A-Za-z0-9_.-]. */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;
/** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated (S8). */
export const PASSWORD_MAX_BYTES = 72;
export const PASSWORD_MIN_CHARACTERS = 8;
/** RFC 5321's limit for an address; sign-in takes an address or a username, so the same bound. */
export const EMAIL_MAX_LENGTH = 254;
/** The longest IANA time zone name accepted (the column's width). */
export const TIME_ZONE_MAX_LENGTH = 64;
/** Email confirmation and password reset tokens: 32 random bytes in base64url, 43 characters. */
export const ONE_TIME_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** A 6-digit TOTP code or a recovery code (xxxx-xxxx-xxxx-xxxx). */
export const TWO_FACTOR_CODE_PATTERN = /^[0-9A-Za-z -]{6,32}$/;

export const utf8Length = (value: string): number => Buffer.byteLength(value, 'utf8');

/** The canonical IANA name of a time zone Node knows (e.g. `Europe/Berlin`, `UTC`), or null. */
export function canonicalTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > TIME_ZONE_MAX_LENGTH || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value))
    return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
