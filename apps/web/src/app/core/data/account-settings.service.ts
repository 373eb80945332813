import { inject, Injectable } from '@angular/core';
import type { Schema } from '@tally/contracts';
import { Observable, tap } from 'rxjs';
import { ApiClient } from '../api/api-client';
import { Profile, Session } from '../auth/session.service';

export type NotificationSettings = Schema<'NotificationSettingsDto'>;
export type ReportSettings = Schema<'ReportSettingsDto'>;
export type SessionInfo = Schema<'SessionDto'>;
export type ApiToken = Schema<'TokenDto'>;
export type CreatedToken = Schema<'CreatedTokenDto'>;
export type TwoFactorStatus = Schema<'TwoFactorStatusDto'>;
export type TwoFactorEnrolment = Schema<'TwoFactorEnrolmentDto'>;

/** The signed-in account: profile, settings, password, second factor, sessions and tokens. */
@Injectable({ providedIn: 'root' })
export class AccountSettingsService {
  private readonly api = inject(ApiClient);
  private readonly session = inject(Session);

  profile(): Observable<Profile> {
    return this.api.get('/api/v1/me').pipe(tap((profile) => this.session.updateUser(profile)));
  }

  updateProfile(body: Schema<'UpdateProfileDto'>): Observable<Profile> {
    return this.api.patch('/api/v1/me', { body }).pipe(tap((profile) => this.session.updateUser(profile)));
  }

  deleteAccount(body: Schema<'DeleteAccountDto'>): Observable<void> {
    return this.api.delete('/api/v1/me', { body });
  }

  resendConfirmation(): Observable<Schema<'MessageDto'>> {
    return this.api.post('/api/v1/auth/resend-confirmation');
  }

  notifications(): Observable<NotificationSettings> {
    return this.api.get('/api/v1/me/notification-settings');
  }

  saveNotifications(body: NotificationSettings): Observable<NotificationSettings> {
    return this.api.put('/api/v1/me/notification-settings', { body });
  }

  reports(): Observable<ReportSettings> {
    return this.api.get('/api/v1/me/report-settings');
  }

  saveReports(body: ReportSettings): Observable<ReportSettings> {
    return this.api.put('/api/v1/me/report-settings', { body });
  }

  changePassword(body: Schema<'ChangePasswordDto'>): Observable<void> {
    return this.api.post('/api/v1/auth/change-password', { body });
  }

  twoFactor(): Observable<TwoFactorStatus> {
    return this.api.get('/api/v1/auth/2fa');
  }

  startTwoFactor(password: string): Observable<TwoFactorEnrolment> {
    return this.api.post('/api/v1/auth/2fa/setup', { body: { password } });
  }

  enableTwoFactor(code: string): Observable<Schema<'RecoveryCodesDto'>> {
    return this.api.post('/api/v1/auth/2fa/enable', { body: { code } });
  }

  disableTwoFactor(body: Schema<'TwoFactorConfirmationDto'>): Observable<void> {
    return this.api.post('/api/v1/auth/2fa/disable', { body });
  }

  newRecoveryCodes(body: Schema<'TwoFactorConfirmationDto'>): Observable<Schema<'RecoveryCodesDto'>> {
    return this.api.post('/api/v1/auth/2fa/recovery-codes', { body });
  }

  sessions(): Observable<Schema<'SessionListDto'>> {
    return this.api.get('/api/v1/auth/sessions');
  }

  revokeSession(id: string): Observable<void> {
    return this.api.delete('/api/v1/auth/sessions/{id}', { path: { id } });
  }

  tokens(): Observable<Schema<'TokenListDto'>> {
    return this.api.get('/api/v1/tokens');
  }

  createToken(body: Schema<'CreateTokenDto'>): Observable<CreatedToken> {
    return this.api.post('/api/v1/tokens', { body });
  }

  revokeToken(id: number): Observable<void> {
    return this.api.delete('/api/v1/tokens/{id}', { path: { id } });
  }
}
