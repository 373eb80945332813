import { MAX_ID } from './parse-id.pipe';

/**
 * How the document describes the integers the api sends, so clients (and OWASP's API4 rules) know
 * their range: a row id is an INT UNSIGNED column's value; a count is whole, never negative, and
 * fits a JavaScript number (COUNT(*) over one user's rows).
 */
export const ID = { type: 'integer', format: 'int64', minimum: 1, maximum: MAX_ID } as const;
export const COUNT = { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

/** An IPv6 address in text is at most 45 characters (the login_events and sessions columns). */
export const IP_MAX_LENGTH = 45;
/** A session's User-Agent is kept to 512 characters (the column). */
export const USER_AGENT_MAX_LENGTH = 512;
/** An access token (a JWT with a handful of short claims) is far shorter; this is the documented bound. */
export const ACCESS_TOKEN_MAX_LENGTH = 2_048;
