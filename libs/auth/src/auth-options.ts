import type { UserRole } from './auth.enums';

export const AUTH_OPTIONS = 'tally:auth-options';

export interface AuthenticatedOptions {
  /** Only these roles may call the route (default: any signed-in user). */
  roles?: UserRole[];
  /**
   * Only a signed-in session may call the route, not a personal access token: credentials,
   * sessions, tokens and account deletion must not be reachable with a token that leaked.
   */
  sessionOnly?: boolean;
}
