import { ADMIN_CONSOLE_PASS_SECONDS } from '@tally/auth';
import type { AppConfig } from '@tally/platform';

/** Where Bull Board is served: outside /api, as a page a browser navigates to. */
export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * The cookie that lets an admin's browser open Bull Board: HttpOnly, SameSite=Strict (no other site
 * can make the browser use it, so Bull Board's buttons need no CSRF token), sent only to
 * /admin/queues, a quarter of an hour long, and in production Secure with the `__Secure-` prefix.
 */
export function queueBoardCookie(config: AppConfig) {
  const secure = config.auth.secureCookies;
  return {
    name: secure ? '__Secure-tally_queues' : 'tally_queues',
    options: {
      httpOnly: true,
      secure,
      sameSite: 'strict' as const,
      path: QUEUE_BOARD_PATH,
      maxAge: ADMIN_CONSOLE_PASS_SECONDS,
    },
  };
}
