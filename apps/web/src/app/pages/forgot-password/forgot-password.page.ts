import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidatorFn, Validators } from '@angular/forms';
import { EMAIL_MAX_LENGTH } from '@tally/contracts';
import { AccountShellComponent } from '../../components/account-shell/account-shell.component';
import { AlertComponent } from '../../components/alert/alert.component';
import { FieldComponent, FieldControlDirective } from '../../components/field/field.component';
import { FocusOnRenderDirective } from '../../components/focus-on-render/focus-on-render.directive';
import { ResultComponent } from '../../components/result/result.component';
import { SubmitButtonComponent } from '../../components/submit-button/submit-button.component';
import { AccountService } from '../../core/account/account.service';
import { toApiProblem } from '../../core/api/api-error';
import { FormSubmission } from '../../core/forms/form-submission';

/** An address pasted with spaces around it is fine: the API trims it too. */
const emailAddress: ValidatorFn = (control) =>
  Validators.email({ value: String(control.value ?? '').trim() } as AbstractControl);

/**
 * `/forgot-password`: asks for a reset link. The API answers the same whether or not the address
 * has an account, and so does this page.
 */
@Component({
  selector: 'app-forgot-password-page',
  imports: [
    AccountShellComponent,
    AlertComponent,
    FieldComponent,
    FieldControlDirective,
    FocusOnRenderDirective,
    ReactiveFormsModule,
    ResultComponent,
    SubmitButtonComponent,
  ],
  templateUrl: './forgot-password.page.html',
  styleUrl: './forgot-password.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForgotPasswordPage {
  private readonly account = inject(AccountService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, emailAddress, Validators.maxLength(EMAIL_MAX_LENGTH)]],
  });
  protected readonly submission = new FormSubmission(this.form);
  /** The address the link was asked for, once the API has accepted the request. */
  protected readonly sentTo = signal<string | null>(null);
  /** Back on the form after a request: its heading takes focus. */
  protected readonly again = signal(false);

  protected emailError(): string | null {
    const email = this.form.controls.email;
    if (!this.submission.shows(email)) return null;
    const errors = email.errors ?? {};
    if (errors['server']) return errors['server'] as string;
    if (errors['required']) return 'Enter the email address of your account.';
    if (errors['maxlength']) return `An email address has at most ${EMAIL_MAX_LENGTH} characters.`;
    return 'Enter an email address like name@example.com.';
  }

  protected submit(): void {
    if (!this.submission.start()) return;
    const email = this.form.controls.email.value.trim();
    this.account
      .requestPasswordReset(email)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.submission.succeed();
          this.sentTo.set(email);
        },
        error: (error: unknown) => this.submission.fail(toApiProblem(error)),
      });
  }

  protected askAgain(): void {
    this.submission.submitted.set(false);
    this.again.set(true);
    this.sentTo.set(null);
  }
}
