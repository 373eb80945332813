import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { AlertComponent } from '../../../components/alert/alert.component';
import { problemMessage, toApiProblem } from '../../../core/api/api-error';
import { Session } from '../../../core/auth/session.service';
import { AccountSettingsService, SessionInfo } from '../../../core/data/account-settings.service';
import { UserZone } from '../../../core/time/user-zone';
import { WhenPipe } from '../../../core/time/when.pipe';
import { Confirmations } from '../../../core/ui/confirm.service';
import { Toasts } from '../../../core/ui/toast.service';
import { describeUserAgent } from './user-agent';

/** Where the account is signed in, and a way to end any of those sessions. */
@Component({
  selector: 'app-sessions',
  imports: [AlertComponent, WhenPipe],
  template: `
    <section class="card" aria-labelledby="sessions-title">
      <div class="card__head">
        <h2 id="sessions-title" class="card__title">Where you are signed in</h2>
      </div>
      @if (problem(); as message) {
        <app-alert heading="Your sessions could not be loaded">{{ message }}</app-alert>
      } @else if (sessions(); as list) {
        <ul class="list">
          @for (item of list; track item.id) {
            <li class="item">
              <div class="who">
                <strong>{{ device(item) }}</strong>
                @if (item.current) {
                  <span class="badge badge--ok">This device</span>
                }
                <span class="muted small">
                  {{ item.ip ?? 'Unknown address' }} · last active {{ item.lastUsedAt | when: zone() : 'relative' }} ·
                  signed in {{ item.createdAt | when: zone() : 'date' }}
                </span>
              </div>
              <button
                type="button"
                class="button button--small"
                [class.button--danger]="!item.current"
                (click)="revoke(item)"
                [attr.aria-label]="
                  item.current
                    ? 'Sign out of this device'
                    : 'Sign out ' + device(item) + ' at ' + (item.ip ?? 'unknown address')
                "
              >
                {{ item.current ? 'Sign out' : 'Sign out' }}
              </button>
            </li>
          }
        </ul>
      } @else {
        <div class="skeleton skeleton--text"></div>
        <div class="skeleton skeleton--text"></div>
      }
    </section>
  `,
  styles: `
    .list {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .item {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem 1rem;
      padding: 0.75rem 0;
      border-top: 1px solid var(--border);
    }
    .who {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 0.5rem;
      min-width: 0;
    }
    .who .small {
      flex-basis: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SessionsComponent {
  private readonly account = inject(AccountSettingsService);
  private readonly session = inject(Session);
  private readonly confirmations = inject(Confirmations);
  private readonly toasts = inject(Toasts);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly zone = inject(UserZone).zone;
  protected readonly sessions = signal<SessionInfo[] | null>(null);
  protected readonly problem = signal<string | null>(null);

  constructor() {
    this.load();
  }

  protected device(item: SessionInfo): string {
    return describeUserAgent(item.userAgent);
  }

  private load(): void {
    this.account
      .sessions()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (list) => this.sessions.set(list.items),
        error: (error: unknown) => this.problem.set(problemMessage(toApiProblem(error))),
      });
  }

  protected async revoke(item: SessionInfo): Promise<void> {
    if (item.current) {
      this.session.logout().subscribe({
        next: () => void this.router.navigateByUrl('/').then(() => this.toasts.show('You are signed out.', 'info')),
        error: (error: unknown) => this.toasts.problem(problemMessage(toApiProblem(error))),
      });
      return;
    }
    const ok = await this.confirmations.ask({
      title: 'Sign this device out?',
      message: `${this.device(item)} (${item.ip ?? 'unknown address'}) will need to sign in again.`,
      confirmLabel: 'Sign it out',
      danger: true,
    });
    if (!ok) return;
    this.account.revokeSession(item.id).subscribe({
      next: () => {
        this.sessions.update((list) => list?.filter((s) => s.id !== item.id) ?? null);
        this.toasts.show('That device is signed out.');
      },
      error: (error: unknown) => this.toasts.problem(problemMessage(toApiProblem(error))),
    });
  }
}
