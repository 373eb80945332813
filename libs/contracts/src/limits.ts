/**
 * The limits both sides of the API enforce: the api's validators, DTOs and rules and the web
 * client's form validators import them from here, so each number exists once (product.md §1–2).
 * The database columns are sized to match (`limits.int-spec.ts` checks the migrated schema).
 *
 * Pure TypeScript, no Node or Angular import: the web bundle imports this file.
 */

/** A new password: at least 8 characters (code points, as people count them)… */
export const PASSWORD_MIN_CHARACTERS = 8;
/** …and at most 72 bytes of UTF-8: bcrypt reads no further, so longer ones are refused, never cut. */
export const PASSWORD_MAX_BYTES = 72;

export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 32;
/** 3–32 characters of `[A-Za-z0-9_.-]`. */
export const USERNAME_PATTERN = new RegExp(`^[A-Za-z0-9_.-]{${USERNAME_MIN_LENGTH},${USERNAME_MAX_LENGTH}}$`);

/** RFC 5321's limit for an address; sign-in takes an address or a username, so the same bound. */
export const EMAIL_MAX_LENGTH = 254;

/** The longest IANA time zone name accepted (the column's width). */
export const TIME_ZONE_MAX_LENGTH = 64;

/** Email confirmation and password reset tokens: 32 random bytes in base64url, 43 characters. */
export const ONE_TIME_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** What the sign-in form takes as a second factor: a 6-digit TOTP code or a recovery code. */
export const TWO_FACTOR_CODE_PATTERN = /^[0-9A-Za-z -]{6,32}$/;

/** Most characters (code points) of a tracker's text fields; `name` also needs at least one. */
/** The `Idempotency-Key` header of a create (visible ASCII); the column is as wide. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 128;

export const TRACKER_LIMITS = {
  name: 100,
  description: 2_000,
  whatToTrack: 200,
  unit: 32,
} as const;

/** Most characters (code points) of a log's text fields. */
export const LOG_LIMITS = {
  description: 10_000,
  reminderMessage: 500,
} as const;

/** Personal access tokens: a name of 1–100 characters, an optional expiry of 1–3650 days, 50 per user. */
export const TOKEN_LIMITS = {
  name: 100,
  expiresInDays: 3_650,
  perUser: 50,
} as const;

/** Lists take `limit` from 1 to 200, default 50. */
export const PAGE_LIMITS = {
  default: 50,
  max: 200,
} as const;

/** Characters as people and utf8mb4 columns count them: code points, so an emoji is one, not two UTF-16 units. */
export function charLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Bytes of `text` in UTF-8 (1 for ASCII, 2 for most accented letters, 3 for CJK, 4 for emoji), as
 * `Buffer.byteLength` and `TextEncoder` count them: a lone surrogate counts 3, the bytes of the
 * U+FFFD that replaces it.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}
