import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { AccountShellComponent } from '../../components/account-shell/account-shell.component';
import { AlertComponent } from '../../components/alert/alert.component';
import { ResultComponent } from '../../components/result/result.component';
import { AccountService } from '../../core/account/account.service';
import { problemMessage, toApiProblem } from '../../core/api/api-error';
import { Session } from '../../core/auth/session.service';
import { MAIL_KINDS, readUnsubscribeLink, UnsubscribeLink } from './unsubscribe-link';

type UnsubscribeState =
  | { kind: 'ask' }
  | { kind: 'working' }
  | { kind: 'done'; message: string }
  /** The api refused the link: changed, cut, or signed with a key it no longer knows. */
  | { kind: 'invalid'; message: string }
  /** Network, throttling, server: the link is still good, worth trying again. */
  | { kind: 'failed'; message: string };

/**
 * `/unsubscribe#token=…`, the link in the footer of reminder and report emails. Opening it
 * changes nothing (mail scanners open links too); it says which kind of mail the link turns off,
 * and one button press turns it off (`POST /api/v1/unsubscribe/{token}`), signed in or not.
 */
@Component({
  selector: 'app-unsubscribe-page',
  imports: [AccountShellComponent, AlertComponent, ResultComponent, RouterLink],
  templateUrl: './unsubscribe.page.html',
  styleUrl: './unsubscribe.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnsubscribePage {
  private readonly account = inject(AccountService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly session = inject(Session);
  protected readonly link: UnsubscribeLink = readUnsubscribeLink(inject(ActivatedRoute).snapshot.fragment);
  protected readonly mail = this.link.kind === 'present' ? MAIL_KINDS[this.link.mail] : null;
  protected readonly state = signal<UnsubscribeState>({ kind: 'ask' });

  /** Signed in as someone else than the email's addressee: the link still acts for the addressee. */
  protected readonly otherAccount = computed(() => {
    const user = this.session.user();
    return this.link.kind === 'present' && user !== null && user.id !== this.link.userId;
  });

  constructor() {
    // The token stays out of the history and bookmarks, as with the other emailed links.
    if (this.link.kind === 'present') {
      const location = inject(Location);
      location.replaceState(location.path(false), '', location.getState());
    }
  }

  protected turnOff(): void {
    if (this.link.kind !== 'present' || this.state().kind === 'working') return;
    this.state.set({ kind: 'working' });
    this.account
      .unsubscribe(this.link.token)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (answer) => this.state.set({ kind: 'done', message: answer.message }),
        error: (error: unknown) => {
          const problem = toApiProblem(error);
          const message = problemMessage(problem);
          this.state.set(problem.status === 400 ? { kind: 'invalid', message } : { kind: 'failed', message });
        },
      });
  }
}
