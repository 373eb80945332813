import { TIME_ZONE_MAX_LENGTH } from '@tally/contracts';

/**
 * What a valid account field is (product.md §1). The limits are @tally/contracts' (the web client's
 * forms use them too); the api's class-validator decorators over them are in
 * apps/api/src/http/validators.ts.
 */

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
