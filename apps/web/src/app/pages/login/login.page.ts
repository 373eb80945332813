import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TWO_FACTOR_CODE_PATTERN } from '@tally/contracts';
import { AccountShellComponent } from '../../components/account-shell/account-shell.component';
import { AlertComponent } from '../../components/alert/alert.component';
import { FieldComponent, FieldControlDirective } from '../../components/field/field.component';
import { FocusOnRenderDirective } from '../../components/focus-on-render/focus-on-render.directive';
import { SubmitButtonComponent } from '../../components/submit-button/submit-button.component';
import { toApiProblem } from '../../core/api/api-error';
import { safeNextUrl } from '../../core/auth/next-url';
import { Session } from '../../core/auth/session.service';
import { FormSubmission } from '../../core/forms/form-submission';

/**
 * `/login`: email or username and password; when the account has two-factor authentication, a
 * second step asks for the app's code (or a recovery code) and sends the same sign-in again with it.
 */
@Component({
  selector: 'app-login-page',
  imports: [
    AccountShellComponent,
    AlertComponent,
    FieldComponent,
    FieldControlDirective,
    FocusOnRenderDirective,
    ReactiveFormsModule,
    RouterLink,
    SubmitButtonComponent,
  ],
  templateUrl: './login.page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly next = inject(ActivatedRoute).snapshot.queryParamMap.get('next');

  protected readonly notice = this.session.endedNotice;
  protected readonly step = signal<'password' | 'code'>('password');
  protected readonly showPassword = signal(false);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    login: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly codeForm = this.fb.group({
    code: ['', [Validators.required, Validators.pattern(TWO_FACTOR_CODE_PATTERN)]],
  });
  protected readonly submission = new FormSubmission(this.form);
  protected readonly codeSubmission = new FormSubmission(this.codeForm);

  protected loginError(): string | null {
    return this.submission.shows(this.form.controls.login) ? 'Enter your email address or username.' : null;
  }

  protected passwordError(): string | null {
    return this.submission.shows(this.form.controls.password) ? 'Enter your password.' : null;
  }

  protected codeError(): string | null {
    const control = this.codeForm.controls.code;
    if (!this.codeSubmission.shows(control)) return null;
    if (control.errors?.['server']) return control.errors['server'] as string;
    if (control.hasError('required')) return 'Enter the code from your authenticator app.';
    return 'A code is 6 digits, or a recovery code like ABCD-EFGH-JKLM-NPQR.';
  }

  protected submit(): void {
    if (!this.submission.start()) return;
    this.signIn(undefined, this.submission);
  }

  protected submitCode(): void {
    if (!this.codeSubmission.start()) return;
    this.signIn(this.codeForm.controls.code.value.trim(), this.codeSubmission);
  }

  protected back(): void {
    this.step.set('password');
    this.codeForm.reset();
    this.form.controls.password.reset();
  }

  private signIn(code: string | undefined, submission: FormSubmission): void {
    const { login, password } = this.form.getRawValue();
    this.session
      .login({ login: login.trim(), password, ...(code ? { code } : {}) })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          submission.succeed();
          void this.router.navigateByUrl(safeNextUrl(this.next));
        },
        error: (error: unknown) => {
          const problem = toApiProblem(error);
          const needsCode = problem.status === 401 && problem.details.some((d) => d.field === 'code');
          if (needsCode && this.step() === 'password') {
            submission.succeed();
            this.step.set('code');
            return;
          }
          submission.fail(problem);
        },
      });
  }
}
