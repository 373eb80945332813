import { inject, Injectable } from '@angular/core';
import type { Schema } from '@tally/contracts';
import { Observable, timeout } from 'rxjs';
import { ApiClient } from '../api/api-client';

/** bcrypt hashing on the server takes a moment; past this the API is stuck rather than busy. */
const TIMEOUT_MS = 15_000;

/**
 * The account-link endpoints (`/api/v1/auth`) that need no sign-in: the pages behind the
 * confirmation and password reset emails. Errors reach the caller as HttpErrorResponse
 * (or TimeoutError); `toApiProblem` turns them into a message.
 */
@Injectable({ providedIn: 'root' })
export class AccountService {
  private readonly api = inject(ApiClient);

  /** `POST /auth/confirm-email` → 204; 400 when the token is unknown, used or expired. */
  confirmEmail(token: string): Observable<void> {
    return this.api.post('/api/v1/auth/confirm-email', { body: { token } }).pipe(timeout(TIMEOUT_MS));
  }

  /** `POST /auth/forgot-password` → 202 whether or not the address has an account. */
  requestPasswordReset(email: string): Observable<Schema<'MessageDto'>> {
    return this.api.post('/api/v1/auth/forgot-password', { body: { email } }).pipe(timeout(TIMEOUT_MS));
  }

  /** `POST /auth/reset-password` → 204; every session is signed out and a "password changed" email sent. */
  resetPassword(token: string, newPassword: string): Observable<void> {
    return this.api.post('/api/v1/auth/reset-password', { body: { token, newPassword } }).pipe(timeout(TIMEOUT_MS));
  }

  /**
   * `POST /unsubscribe/{token}` → what was turned off; 400 when the link is not one of ours (or
   * was changed). Only the button on the page calls it: opening the link changes nothing.
   */
  unsubscribe(token: string): Observable<Schema<'UnsubscribedDto'>> {
    return this.api.post('/api/v1/unsubscribe/{token}', { path: { token } }).pipe(timeout(TIMEOUT_MS));
  }
}
