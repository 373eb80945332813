import { UnauthorizedError } from '@tally/platform';
import { PERSONAL_ACCESS_TOKEN_PREFIX } from './personal-access-tokens.service';

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]{1,2048}) *$/i;

interface WithHeaders {
  headers: { authorization?: string | string[] };
}

/** The token of `Authorization: Bearer <token>`, or null when the header is missing or malformed. */
export function bearerTokenOf(request: WithHeaders): string | null {
  const header = request.headers.authorization;
  return typeof header === 'string' ? (BEARER.exec(header)?.[1] ?? null) : null;
}

/** Throws the 401 that says what to send when a request has no usable Bearer token. */
export function requireBearerToken(request: WithHeaders): void {
  if (bearerTokenOf(request) !== null) return;
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !header)
    throw new UnauthorizedError('Authentication is required: send "Authorization: Bearer <token>"');
  throw new UnauthorizedError('The Authorization header must be "Bearer <token>"');
}

/** Personal access tokens are recognisable by their prefix; everything else is taken for an access token (JWT). */
export const isPersonalAccessToken = (token: string): boolean => token.startsWith(PERSONAL_ACCESS_TOKEN_PREFIX);
