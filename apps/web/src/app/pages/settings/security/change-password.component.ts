import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { AlertComponent } from '../../../components/alert/alert.component';
import { FieldComponent, FieldControlDirective } from '../../../components/field/field.component';
import { SubmitButtonComponent } from '../../../components/submit-button/submit-button.component';
import { newPasswordValidator, sameAsValidator } from '../../../core/account/password.validators';
import { toApiProblem } from '../../../core/api/api-error';
import { AccountSettingsService } from '../../../core/data/account-settings.service';
import { FormSubmission } from '../../../core/forms/form-submission';
import { Toasts } from '../../../core/ui/toast.service';

/** Change the password: every other session is signed out and a "password changed" email goes out. */
@Component({
  selector: 'app-change-password',
  imports: [AlertComponent, FieldComponent, FieldControlDirective, ReactiveFormsModule, SubmitButtonComponent],
  template: `
    <form
      class="card form"
      [formGroup]="form"
      (ngSubmit)="submit()"
      [attr.aria-busy]="submission.busy()"
      aria-labelledby="password-title"
      novalidate
    >
      <div>
        <h2 id="password-title" class="card__title">Password</h2>
        <p class="muted small">Changing it signs you out everywhere else, and we email you to say so.</p>
      </div>
      <app-field controlId="current-password" label="Current password" [error]="currentError()">
        <input
          appFieldControl
          [type]="show() ? 'text' : 'password'"
          formControlName="currentPassword"
          autocomplete="current-password"
        />
      </app-field>
      <div class="fields-2">
        <app-field controlId="new-password" label="New password" [error]="newError()">
          <input
            appFieldControl
            [type]="show() ? 'text' : 'password'"
            formControlName="newPassword"
            autocomplete="new-password"
          />
        </app-field>
        <app-field controlId="confirm-password" label="Type it again" [error]="confirmError()">
          <input
            appFieldControl
            [type]="show() ? 'text' : 'password'"
            formControlName="confirmPassword"
            autocomplete="new-password"
          />
        </app-field>
      </div>
      <label class="check">
        <input #box type="checkbox" [checked]="show()" (change)="show.set(box.checked)" />
        Show passwords
      </label>
      @if (submission.problem(); as problem) {
        <app-alert heading="Your password was not changed">{{ problem }}</app-alert>
      }
      <div class="form-actions form-actions--start">
        <app-submit-button label="Change password" busyLabel="Changing…" [busy]="submission.busy()" />
      </div>
    </form>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChangePasswordComponent {
  private readonly account = inject(AccountSettingsService);
  private readonly toasts = inject(Toasts);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly show = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      currentPassword: ['', Validators.required],
      newPassword: ['', newPasswordValidator],
      confirmPassword: ['', Validators.required],
    },
    { validators: sameAsValidator('newPassword', 'confirmPassword') },
  );
  protected readonly submission = new FormSubmission(this.form);

  protected currentError(): string | null {
    const control = this.form.controls.currentPassword;
    if (!this.submission.shows(control)) return null;
    return (control.errors?.['server'] as string) ?? 'Enter your current password.';
  }

  protected newError(): string | null {
    const control = this.form.controls.newPassword;
    if (!this.submission.shows(control)) return null;
    const errors = control.errors ?? {};
    if (errors['server']) return errors['server'] as string;
    if (errors['tooShort']) return `Use at least ${(errors['tooShort'] as { min: number }).min} characters.`;
    if (errors['tooLong'])
      return `At most ${(errors['tooLong'] as { max: number }).max} bytes: use fewer accents or emoji.`;
    return 'Enter a new password.';
  }

  protected confirmError(): string | null {
    const control = this.form.controls.confirmPassword;
    if (!control.touched && !this.submission.submitted()) return null;
    if (control.hasError('required')) return 'Type the new password again.';
    return this.form.hasError('mismatch') ? 'The two passwords are different.' : null;
  }

  protected submit(): void {
    if (!this.submission.start()) return;
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.account
      .changePassword({ currentPassword, newPassword })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.submission.succeed();
          this.form.reset();
          this.submission.submitted.set(false);
          this.toasts.show('Password changed. Your other sessions were signed out.');
        },
        error: (error: unknown) => {
          const problem = toApiProblem(error);
          // 422 "current password is wrong": put it under that field.
          if (problem.status === 422 && !problem.details.length && /current/i.test(problem.message)) {
            problem.details = [{ field: 'currentPassword', message: problem.message }];
          }
          this.submission.fail(problem);
        },
      });
  }
}
