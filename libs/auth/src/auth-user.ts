import type { ApiTokenScope, UserRole } from './auth.enums';

/**
 * Who is calling, as resolved by the access guard from `Authorization: Bearer …` (an access-token
 * JWT or a personal access token). Controllers receive it through `@CurrentUser()`.
 */
export interface AuthUser {
  id: number;
  username: string;
  role: UserRole;
  /** IANA time zone, for day/week/month boundaries. */
  timezone: string;
  /** How the caller authenticated. */
  via: 'session' | 'token';
  /** The login session (refresh-token family) behind an access token; null for personal access tokens. */
  sessionId: string | null;
  /** Personal access tokens carry their scopes; sessions have both. */
  scopes: ApiTokenScope[];
}
