import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable, timeout } from 'rxjs';
import { API_BASE_URL } from '../api/api-base-url';

/** bcrypt hashing on the server takes a moment; past this the API is stuck rather than busy. */
const TIMEOUT_MS = 15_000;

/**
 * The account-link endpoints (`/api/v1/auth`) that need no sign-in: the pages behind the
 * confirmation and password reset emails. Errors reach the caller as HttpErrorResponse
 * (or TimeoutError); `toApiProblem` turns them into a message.
 */
@Injectable({ providedIn: 'root' })
export class AccountService {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  /** `POST /auth/confirm-email` → 204; 400 when the token is unknown, used or expired. */
  confirmEmail(token: string): Observable<void> {
    return this.post('confirm-email', { token });
  }

  /** `POST /auth/forgot-password` → 202 whether or not the address has an account. */
  requestPasswordReset(email: string): Observable<void> {
    return this.post('forgot-password', { email });
  }

  /** `POST /auth/reset-password` → 204; every session is signed out and a "password changed" email sent. */
  resetPassword(token: string, newPassword: string): Observable<void> {
    return this.post('reset-password', { token, newPassword });
  }

  private post(path: string, body: object): Observable<void> {
    return this.http.post(`${this.baseUrl}/auth/${path}`, body).pipe(
      timeout(TIMEOUT_MS),
      map(() => undefined),
    );
  }
}
