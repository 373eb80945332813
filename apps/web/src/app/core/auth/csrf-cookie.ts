/**
 * The CSRF token the api sets next to the refresh cookie (double submit, docs/security.md): the
 * page reads it and echoes it in `X-CSRF-Token` on the two cookie-authenticated routes, refresh and
 * logout. Production names it `__Host-tally_csrf` (Secure, so only over https or on loopback);
 * development and tests `tally_csrf`.
 */
export const CSRF_HEADER = 'X-CSRF-Token';
const CSRF_COOKIES = ['__Host-tally_csrf', 'tally_csrf'];

/** The CSRF cookie's value, or null when there is none (never signed in here, or signed out). */
export function readCsrfCookie(cookies: string): string | null {
  for (const part of cookies.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    if (CSRF_COOKIES.includes(name)) {
      const value = part.slice(index + 1).trim();
      if (value) return decodeURIComponent(value);
    }
  }
  return null;
}
