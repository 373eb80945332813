import { UnauthorizedError } from '@tally/platform';
import type { ApiTokenScope, UserRole } from './auth.enums';
import type { Principal } from './auth-state.cache';

/**
 * Who is calling, as resolved by BearerAuthGuard from `Authorization: Bearer …` (an access-token
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

/** The caller a credential stands for, unless their account is gone or disabled (401). */
export function toAuthUser(
  principal: Principal | null,
  via: AuthUser['via'],
  sessionId: string | null,
  scopes: ApiTokenScope[],
): AuthUser {
  if (!principal) throw new UnauthorizedError('This account no longer exists');
  if (!principal.active) throw new UnauthorizedError('This account is disabled');
  return {
    id: principal.id,
    username: principal.username,
    role: principal.role,
    timezone: principal.timezone,
    via,
    sessionId,
    scopes,
  };
}
