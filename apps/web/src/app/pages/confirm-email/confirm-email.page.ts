import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { AccountShellComponent } from '../../components/account-shell/account-shell.component';
import { AlertComponent } from '../../components/alert/alert.component';
import { ResultComponent } from '../../components/result/result.component';
import { AccountService } from '../../core/account/account.service';
import { takeLinkToken } from '../../core/account/link-token';
import { ApiProblem, problemMessage, toApiProblem } from '../../core/api/api-error';
import { Session } from '../../core/auth/session.service';
import { AccountSettingsService } from '../../core/data/account-settings.service';

type ConfirmState =
  /** `retry`: the user asked again, so the progress heading takes focus from the vanished button. */
  | { kind: 'confirming'; retry: boolean }
  | { kind: 'confirmed' }
  /** The API refused the token: unknown, already used or expired. */
  | { kind: 'invalid'; message: string }
  | { kind: 'missing' | 'incomplete' }
  /** The call failed for another reason (network, throttling, server): worth trying again. */
  | { kind: 'failed'; message: string };

/** `/confirm-email#token=…`, the link in the confirmation email: confirms on arrival. */
@Component({
  selector: 'app-confirm-email-page',
  imports: [AccountShellComponent, AlertComponent, ResultComponent, RouterLink],
  templateUrl: './confirm-email.page.html',
  styleUrl: './confirm-email.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmEmailPage {
  private readonly account = inject(AccountService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly link = takeLinkToken();
  private readonly accountSettings = inject(AccountSettingsService);
  protected readonly session = inject(Session);

  protected readonly state = signal<ConfirmState>({ kind: 'confirming', retry: false });

  constructor() {
    if (this.link.kind === 'present') this.confirm();
    else this.state.set({ kind: this.link.kind });
  }

  protected confirm(): void {
    if (this.link.kind !== 'present') return;
    this.state.update((state) => ({ kind: 'confirming', retry: state.kind === 'failed' }));
    this.account
      .confirmEmail(this.link.token)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.state.set({ kind: 'confirmed' });
          // Signed in here too: the banner asking to confirm goes away.
          void this.session.ready().then(() => {
            if (this.session.status() === 'signed-in')
              this.accountSettings.profile().subscribe({ error: () => undefined });
          });
        },
        error: (error: unknown) => this.state.set(failure(toApiProblem(error))),
      });
  }
}

function failure(problem: ApiProblem): ConfirmState {
  const refused = problem.status === 400 && problem.details.some((detail) => detail.field === 'token');
  return { kind: refused ? 'invalid' : 'failed', message: problemMessage(problem) };
}
