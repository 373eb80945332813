import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { DOCUMENT, inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { CSRF_HEADER, readCsrfCookie } from './csrf-cookie';
import { Session } from './session.service';

/** Routes that take no credential. */
const PUBLIC = /^\/api\/v1\/(health|auth\/(register|confirm-email|login|forgot-password|reset-password))$/;
/** Routes authenticated by the refresh cookie, which need the CSRF header (docs/security.md, S12). */
const COOKIE = /^\/api\/v1\/auth\/(refresh|logout)$/;

const authorized = (request: HttpRequest<unknown>, token: string | null) =>
  token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;

/**
 * Attaches the access token to every API call that needs one (refreshing it first when it is about
 * to expire) and, when the api still answers 401, refreshes once (one refresh for any number of
 * requests failing together) and sends the request again. Cookie routes get the CSRF header.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const path = request.url.split('?')[0]!;
  if (!path.startsWith('/api/') || PUBLIC.test(path)) return next(request);
  const session = inject(Session);

  if (COOKIE.test(path)) {
    const csrf = readCsrfCookie(inject(DOCUMENT).cookie);
    const headers: Record<string, string> = csrf ? { [CSRF_HEADER]: csrf } : {};
    // Logout also works with the access token alone (cookie lost): send it too.
    const token = session.currentToken();
    if (token && path.endsWith('/logout')) headers['Authorization'] = `Bearer ${token}`;
    return next(request.clone({ setHeaders: headers, withCredentials: true }));
  }

  return from(session.freshToken()).pipe(
    switchMap((token) =>
      next(authorized(request, token)).pipe(
        catchError((error: unknown) => {
          if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !token) return throwError(() => error);
          return from(session.tokenAfter401(token)).pipe(
            switchMap((fresh) => (fresh ? next(authorized(request, fresh)) : throwError(() => error))),
          );
        }),
      ),
    ),
  );
};
