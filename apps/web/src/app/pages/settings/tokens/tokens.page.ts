import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { TOKEN_LIMITS } from '@tally/contracts';
import { AlertComponent } from '../../../components/alert/alert.component';
import { FieldComponent, FieldControlDirective } from '../../../components/field/field.component';
import { SubmitButtonComponent } from '../../../components/submit-button/submit-button.component';
import { problemMessage, toApiProblem } from '../../../core/api/api-error';
import { AccountSettingsService, ApiToken, CreatedToken } from '../../../core/data/account-settings.service';
import { FormSubmission } from '../../../core/forms/form-submission';
import { messageFor, notBlank, textValidator } from '../../../core/forms/validators';
import { UserZone } from '../../../core/time/user-zone';
import { WhenPipe } from '../../../core/time/when.pipe';
import { Confirmations } from '../../../core/ui/confirm.service';
import { Toasts } from '../../../core/ui/toast.service';

/** Personal access tokens for scripts and apps: create (shown once), list, revoke. */
@Component({
  selector: 'app-tokens-page',
  imports: [
    AlertComponent,
    FieldComponent,
    FieldControlDirective,
    ReactiveFormsModule,
    SubmitButtonComponent,
    WhenPipe,
  ],
  templateUrl: './tokens.page.html',
  styles: `
    :host {
      display: grid;
      gap: 1.5rem;
    }
    .intro {
      margin: 0;
    }
    .created {
      display: grid;
      gap: 0.75rem;
      padding: 1rem;
      border: 1px solid color-mix(in srgb, var(--ok) 40%, transparent);
      border-radius: var(--radius);
      background: var(--ok-soft);
    }
    .created p {
      margin: 0;
    }
    .secret {
      display: block;
      padding: 0.625rem 0.75rem;
      border-radius: var(--radius);
      background: var(--surface);
      font-size: 0.9375rem;
      overflow-wrap: anywhere;
    }
    .scopes {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1.5rem;
    }
    .name {
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TokensPage {
  private readonly account = inject(AccountSettingsService);
  private readonly toasts = inject(Toasts);
  private readonly confirmations = inject(Confirmations);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly zone = inject(UserZone).zone;

  protected readonly tokens = signal<ApiToken[] | null>(null);
  protected readonly problem = signal<string | null>(null);
  protected readonly created = signal<CreatedToken | null>(null);
  protected readonly expiries = [
    { days: 30, label: '30 days' },
    { days: 90, label: '90 days' },
    { days: 365, label: '1 year' },
    { days: 0, label: 'Never' },
  ];
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [notBlank, textValidator({ max: TOKEN_LIMITS.name })]],
    read: [true],
    write: [false],
    expiresInDays: [90],
  });
  protected readonly submission = new FormSubmission(this.form);

  constructor() {
    this.load();
  }

  private load(): void {
    this.account
      .tokens()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (list) => this.tokens.set(list.items),
        error: (error: unknown) => this.problem.set(problemMessage(toApiProblem(error))),
      });
  }

  protected nameError(): string | null {
    const control = this.form.controls.name;
    if (!this.submission.shows(control)) return null;
    return messageFor(
      control,
      { required: 'Name the token after what will use it, like “Home Assistant”.' },
      'The name',
    );
  }

  protected scopesMissing(): boolean {
    const { read, write } = this.form.getRawValue();
    return this.submission.submitted() && !read && !write;
  }

  protected create(): void {
    const { read, write } = this.form.getRawValue();
    if (!read && !write) {
      this.submission.submitted.set(true);
      return;
    }
    if (!this.submission.start()) return;
    const { name, expiresInDays } = this.form.getRawValue();
    const scopes = [...(read ? (['read'] as const) : []), ...(write ? (['write'] as const) : [])];
    const days = Number(expiresInDays);
    this.account
      .createToken({ name: name.trim(), scopes, ...(days > 0 ? { expiresInDays: days } : {}) })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (token) => {
          this.submission.succeed();
          this.created.set(token);
          this.form.reset();
          this.submission.submitted.set(false);
          this.load();
        },
        error: (error: unknown) => this.submission.fail(toApiProblem(error)),
      });
  }

  protected async copy(token: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(token);
      this.toasts.show('Token copied.');
    } catch {
      this.toasts.problem('Copying is not allowed here: select the token and copy it yourself.');
    }
  }

  protected async revoke(token: ApiToken): Promise<void> {
    const ok = await this.confirmations.ask({
      title: `Revoke “${token.name}”?`,
      message: 'Anything using this token loses access at once. This cannot be undone.',
      confirmLabel: 'Revoke token',
      danger: true,
    });
    if (!ok) return;
    this.account.revokeToken(token.id).subscribe({
      next: () => {
        this.tokens.update((list) => list?.filter((t) => t.id !== token.id) ?? null);
        if (this.created()?.id === token.id) this.created.set(null);
        this.toasts.show(`“${token.name}” is revoked.`);
      },
      error: (error: unknown) => this.toasts.problem(problemMessage(toApiProblem(error))),
    });
  }
}
