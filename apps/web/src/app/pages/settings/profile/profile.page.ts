import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH } from '@tally/contracts';
import { AlertComponent } from '../../../components/alert/alert.component';
import { FieldComponent, FieldControlDirective } from '../../../components/field/field.component';
import { SubmitButtonComponent } from '../../../components/submit-button/submit-button.component';
import { toApiProblem } from '../../../core/api/api-error';
import { Session } from '../../../core/auth/session.service';
import { AccountSettingsService } from '../../../core/data/account-settings.service';
import { FormSubmission } from '../../../core/forms/form-submission';
import { messageFor, usernameValidator } from '../../../core/forms/validators';
import { WhenPipe } from '../../../core/time/when.pipe';
import { deviceTimeZone, knownTimeZones } from '../../../core/time/zoned-time';
import { Toasts } from '../../../core/ui/toast.service';

/** Username and time zone (what days, streaks, reminders and reports follow), and sign-in activity. */
@Component({
  selector: 'app-profile-page',
  imports: [
    AlertComponent,
    FieldComponent,
    FieldControlDirective,
    ReactiveFormsModule,
    SubmitButtonComponent,
    WhenPipe,
  ],
  template: `
    @if (session.user(); as user) {
      <form class="card form" [formGroup]="form" (ngSubmit)="save()" [attr.aria-busy]="submission.busy()" novalidate>
        <app-field controlId="profile-username" label="Username" [hint]="usernameHint" [error]="usernameError()">
          <input appFieldControl type="text" formControlName="username" autocomplete="username" autocapitalize="off" />
        </app-field>

        <div class="field-static">
          <span class="label">Email address</span>
          <span class="row">
            <span class="address">{{ user.email }}</span>
            @if (user.emailConfirmed) {
              <span class="badge badge--ok">Confirmed</span>
            } @else {
              <span class="badge badge--warn">Not confirmed yet</span>
            }
          </span>
        </div>

        <app-field
          controlId="profile-timezone"
          label="Time zone"
          hint="Your days, streaks, reminders and monthly reports follow it."
          [error]="zoneError()"
        >
          <select appFieldControl formControlName="timezone">
            @for (zone of zones; track zone) {
              <option [value]="zone">{{ zone }}</option>
            }
          </select>
        </app-field>
        @if (device !== form.controls.timezone.value) {
          <p class="device small">
            This device is in <strong>{{ device }}</strong>.
            <button type="button" class="button button--small" (click)="useDeviceZone()">Use {{ device }}</button>
          </p>
        }

        @if (submission.problem(); as problem) {
          <app-alert heading="Your profile was not saved">{{ problem }}</app-alert>
        }
        <div class="form-actions form-actions--start">
          <app-submit-button label="Save profile" busyLabel="Saving…" [busy]="submission.busy()" />
        </div>
      </form>

      <section class="card" aria-labelledby="activity-title">
        <h2 id="activity-title" class="card__title">Sign-in activity</h2>
        <dl class="stats activity">
          <div class="stat">
            <dt>Sign-ins</dt>
            <dd>{{ user.loginCount }}</dd>
          </div>
          @if (user.currentLoginAt) {
            <div class="stat">
              <dt>This sign-in{{ user.currentLoginIp ? ', from ' + user.currentLoginIp : '' }}</dt>
              <dd class="when">{{ user.currentLoginAt | when: zone() : 'datetime' }}</dd>
            </div>
          }
          @if (user.lastLoginAt) {
            <div class="stat">
              <dt>Previous sign-in{{ user.lastLoginIp ? ', from ' + user.lastLoginIp : '' }}</dt>
              <dd class="when">{{ user.lastLoginAt | when: zone() : 'datetime' }}</dd>
            </div>
          }
          <div class="stat">
            <dt>Member since</dt>
            <dd class="when">{{ user.createdAt | when: zone() : 'date' }}</dd>
          </div>
        </dl>
      </section>
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: 1.5rem;
    }
    .field-static {
      display: grid;
      gap: 0.375rem;
    }
    .label {
      font-weight: 600;
    }
    .address {
      overflow-wrap: anywhere;
    }
    .device {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
      margin: -0.5rem 0 0;
      color: var(--muted);
    }
    .activity {
      margin-top: 1rem;
    }
    .when {
      font-size: 1rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProfilePage {
  protected readonly session = inject(Session);
  private readonly account = inject(AccountSettingsService);
  private readonly toasts = inject(Toasts);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly device = deviceTimeZone();
  protected readonly usernameHint = `${USERNAME_MIN_LENGTH}–${USERNAME_MAX_LENGTH} letters, digits, dots, dashes or underscores.`;
  protected readonly form = inject(NonNullableFormBuilder).group({
    username: [this.session.user()?.username ?? '', usernameValidator],
    timezone: [this.session.user()?.timezone ?? 'UTC'],
  });
  protected readonly submission = new FormSubmission(this.form);
  protected readonly zone = computed(() => this.session.user()?.timezone ?? 'UTC');
  /** Every zone the browser knows, plus the saved one should it not. */
  protected readonly zones = (() => {
    const zones = knownTimeZones();
    const saved = this.session.user()?.timezone;
    return saved && !zones.includes(saved) ? [saved, ...zones] : zones;
  })();

  constructor() {
    // Fresh login tracking (the session's copy is from sign-in).
    this.account
      .profile()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({ error: () => undefined });
  }

  protected usernameError(): string | null {
    const control = this.form.controls.username;
    if (!this.submission.shows(control)) return null;
    return messageFor(control, {
      required: 'Choose a username.',
      username: `Use ${USERNAME_MIN_LENGTH} to ${USERNAME_MAX_LENGTH} letters, digits, dots, dashes or underscores.`,
    });
  }

  protected zoneError(): string | null {
    const control = this.form.controls.timezone;
    return this.submission.shows(control) ? messageFor(control, {}, 'The time zone') : null;
  }

  protected useDeviceZone(): void {
    this.form.controls.timezone.setValue(this.device);
  }

  protected save(): void {
    if (!this.submission.start()) return;
    const { username, timezone } = this.form.getRawValue();
    const user = this.session.user();
    const body = {
      ...(username !== user?.username ? { username } : {}),
      ...(timezone !== user?.timezone ? { timezone } : {}),
    };
    this.account
      .updateProfile(body)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (profile) => {
          this.submission.succeed();
          this.form.reset({ username: profile.username, timezone: profile.timezone });
          this.toasts.show('Profile saved.');
        },
        error: (error: unknown) => this.submission.fail(toApiProblem(error)),
      });
  }
}
