import { HttpErrorResponse } from '@angular/common/http';
import { DOCUMENT, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { Schema } from '@tally/contracts';
import { firstValueFrom, Observable, tap, timeout } from 'rxjs';
import { ApiClient } from '../api/api-client';
import { readCsrfCookie } from './csrf-cookie';

export type Profile = Schema<'ProfileDto'>;
type SignedIn = Schema<'LoginResponseDto'>;

/**
 * `restoring`: a reload is asking the api whether the refresh cookie still holds a session;
 * `unreachable`: it could not tell, because the api did not answer (the session may be fine).
 */
export type SessionStatus = 'restoring' | 'signed-in' | 'signed-out' | 'unreachable';

type RefreshOutcome = 'refreshed' | 'ended' | 'unreachable';

/** Refresh this long before the access token expires, so a request rarely meets a 401 at all. */
const REFRESH_MARGIN_MS = 30_000;
const REFRESH_TIMEOUT_MS = 15_000;
/** Serialises refreshes across tabs: the api ends a session whose refresh token is used twice. */
const REFRESH_LOCK = 'tally-session-refresh';

/**
 * Who is signed in, and the access token that proves it.
 *
 * The access token lives in this object only, never in storage a script or an extension could
 * read later. The refresh token is an HttpOnly cookie scoped to `/api/v1/auth` that the page never
 * sees; `POST /auth/refresh` (with the CSRF cookie echoed in `X-CSRF-Token`, added by the
 * interceptor) rotates it and returns a new access token. A reload restores the session with one
 * refresh call, made only when the CSRF cookie says there is a session to restore (so a visitor who
 * never signed in causes no 401). Refreshes are single-flight in a tab and serialised across tabs
 * with the Web Locks API, because the api treats a refresh token used twice as stolen and ends the
 * session (docs/security.md, S3).
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly api = inject(ApiClient);
  private readonly document = inject(DOCUMENT);
  private readonly router = inject(Router);

  readonly status = signal<SessionStatus>('restoring');
  readonly user = signal<Profile | null>(null);
  /** Why the last session ended without the user signing out, for the sign-in page to say. */
  readonly endedNotice = signal<string | null>(null);

  private accessToken: string | null = null;
  private expiresAt = 0;
  private refreshing: Promise<RefreshOutcome> | null = null;
  private expiring = false;
  private settle!: () => void;
  private readonly settled = new Promise<void>((resolve) => (this.settle = resolve));

  /** Resolves once the first restore attempt has an answer (signed in, signed out or unreachable). */
  ready(): Promise<void> {
    return this.settled;
  }

  /** On start-up, and on "Try again" after `unreachable`. */
  async restore(): Promise<void> {
    if (!readCsrfCookie(this.document.cookie)) {
      this.status.set('signed-out');
    } else {
      this.status.set('restoring');
      const outcome = await this.refresh();
      if (outcome === 'unreachable') this.status.set('unreachable');
    }
    this.settle();
  }

  login(body: Schema<'LoginDto'>): Observable<SignedIn> {
    return this.api.post('/api/v1/auth/login', { body }).pipe(tap((signedIn) => this.start(signedIn)));
  }

  /** Ends the session on the server (cookie + CSRF), then here. On failure the user stays signed in. */
  logout(): Observable<void> {
    return this.api.post('/api/v1/auth/logout').pipe(tap(() => this.clear()));
  }

  /** The api ended the session itself and cleared its cookies (the account was deleted). */
  forget(): void {
    this.clear();
  }

  /** The profile changed (username, time zone, confirmation). */
  updateUser(profile: Profile): void {
    this.user.set(profile);
  }

  /** The token the last response gave, for the logout call. */
  currentToken(): string | null {
    return this.accessToken;
  }

  /** The access token to send, refreshed first when it is about to expire. */
  async freshToken(): Promise<string | null> {
    await this.settled;
    if (this.accessToken && this.expiresAt - Date.now() < REFRESH_MARGIN_MS) await this.refresh();
    return this.accessToken;
  }

  /**
   * The api answered 401 to a request sent with `sent`: refresh once, however many requests failed
   * together, and give the new token, or null when the session is over (then the user is taken to
   * the sign-in page, with a word on why).
   */
  async tokenAfter401(sent: string): Promise<string | null> {
    if (this.accessToken && this.accessToken !== sent) return this.accessToken;
    const wasSignedIn = this.user() !== null;
    const outcome = await this.refresh();
    if (outcome === 'refreshed') return this.accessToken;
    if (outcome === 'ended' && wasSignedIn) this.expire();
    return null;
  }

  /**
   * The session is over (revoked elsewhere, expired): back to sign-in, then to where the user was.
   * Several requests failing together end it once.
   */
  expire(): void {
    this.clear();
    if (this.expiring) return;
    this.expiring = true;
    this.endedNotice.set('Your session has ended. Sign in again to carry on where you were.');
    const next = this.router.url;
    void this.router
      .navigate(['/login'], { queryParams: next && next !== '/' ? { next } : {} })
      .finally(() => (this.expiring = false));
  }

  private start(signedIn: SignedIn): void {
    this.accessToken = signedIn.accessToken;
    this.expiresAt = Date.now() + signedIn.expiresIn * 1000;
    this.user.set(signedIn.user);
    this.endedNotice.set(null);
    this.status.set('signed-in');
  }

  private clear(): void {
    this.accessToken = null;
    this.expiresAt = 0;
    this.user.set(null);
    this.status.set('signed-out');
  }

  private refresh(): Promise<RefreshOutcome> {
    this.refreshing ??= this.withLock(() => this.callRefresh()).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async callRefresh(): Promise<RefreshOutcome> {
    // Signed out in another tab meanwhile: the cookies are gone.
    if (!readCsrfCookie(this.document.cookie)) {
      this.clear();
      return 'ended';
    }
    try {
      this.start(await firstValueFrom(this.api.post('/api/v1/auth/refresh').pipe(timeout(REFRESH_TIMEOUT_MS))));
      return 'refreshed';
    } catch (error) {
      const status = error instanceof HttpErrorResponse ? error.status : 0;
      if (status === 401 || status === 403) {
        this.clear();
        return 'ended';
      }
      return 'unreachable';
    }
  }

  private withLock<T>(work: () => Promise<T>): Promise<T> {
    const locks = this.document.defaultView?.navigator.locks;
    return locks ? (locks.request(REFRESH_LOCK, work) as Promise<T>) : work();
  }
}
