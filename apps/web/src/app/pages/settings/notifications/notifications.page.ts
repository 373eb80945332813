import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { forkJoin } from 'rxjs';
import { AlertComponent } from '../../../components/alert/alert.component';
import { FieldComponent, FieldControlDirective } from '../../../components/field/field.component';
import { SubmitButtonComponent } from '../../../components/submit-button/submit-button.component';
import { ApiProblem, problemMessage, toApiProblem } from '../../../core/api/api-error';
import { Session } from '../../../core/auth/session.service';
import {
  AccountSettingsService,
  NotificationSettings,
  ReportSettings,
} from '../../../core/data/account-settings.service';
import { FormSubmission } from '../../../core/forms/form-submission';
import { UserZone } from '../../../core/time/user-zone';
import { Toasts } from '../../../core/ui/toast.service';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** When reminder emails come (daily, weekly or never, at which local time) and how the monthly report comes. */
@Component({
  selector: 'app-notifications-page',
  imports: [AlertComponent, FieldComponent, FieldControlDirective, ReactiveFormsModule, SubmitButtonComponent],
  templateUrl: './notifications.page.html',
  styles: `
    :host {
      display: grid;
      gap: 1.5rem;
    }
    .when {
      display: grid;
      gap: 1rem;
    }
    @media (min-width: 40rem) {
      .when {
        grid-template-columns: repeat(2, minmax(0, 14rem));
      }
    }
    .alert-text {
      margin: 0.25rem 0 0.75rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationsPage {
  private readonly account = inject(AccountSettingsService);
  private readonly toasts = inject(Toasts);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly session = inject(Session);
  protected readonly zone = inject(UserZone).zone;
  protected readonly weekdays = WEEKDAYS;

  protected readonly state = signal<'loading' | 'ready' | ApiProblem>('loading');
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly reminders = this.fb.group({
    frequency: ['daily' as NotificationSettings['frequency']],
    time: ['20:00', [Validators.required, Validators.pattern(/^([01]\d|2[0-3]):[0-5]\d$/)]],
    weekday: [0],
  });
  protected readonly reports = this.fb.group({ format: ['pdf' as ReportSettings['format']] });
  protected readonly reminderSubmission = new FormSubmission(this.reminders);
  protected readonly reportSubmission = new FormSubmission(this.reports);

  constructor() {
    this.load();
  }

  protected load(): void {
    this.state.set('loading');
    forkJoin([this.account.notifications(), this.account.reports()])
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: ([notifications, reports]) => {
          this.reminders.reset(notifications);
          this.reports.reset(reports);
          this.state.set('ready');
        },
        error: (error: unknown) => this.state.set(toApiProblem(error)),
      });
  }

  protected problem(state: 'loading' | 'ready' | ApiProblem): string | null {
    return typeof state === 'object' ? problemMessage(state) : null;
  }

  protected timeError(): string | null {
    return this.reminderSubmission.shows(this.reminders.controls.time) ? 'Choose a time, like 20:00.' : null;
  }

  protected saveReminders(): void {
    if (!this.reminderSubmission.start()) return;
    const value = this.reminders.getRawValue();
    this.account
      .saveNotifications({ ...value, weekday: Number(value.weekday) })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => {
          this.reminderSubmission.succeed();
          this.reminders.reset(saved);
          this.toasts.show(this.describe(saved));
        },
        error: (error: unknown) => this.reminderSubmission.fail(toApiProblem(error)),
      });
  }

  protected saveReports(): void {
    if (!this.reportSubmission.start()) return;
    this.account
      .saveReports(this.reports.getRawValue())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => {
          this.reportSubmission.succeed();
          this.reports.reset(saved);
          const how = { pdf: 'as a PDF attachment', html: 'in the email itself', off: '' }[saved.format];
          this.toasts.show(saved.format === 'off' ? 'Monthly reports are off.' : `Monthly reports will come ${how}.`);
        },
        error: (error: unknown) => this.reportSubmission.fail(toApiProblem(error)),
      });
  }

  private describe(settings: NotificationSettings): string {
    if (settings.frequency === 'off') return 'Reminders are off.';
    if (settings.frequency === 'daily') return `Daily reminders at ${settings.time}.`;
    return `Weekly reminders on ${WEEKDAYS[settings.weekday]} at ${settings.time}.`;
  }
}
