import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { filter, skip, tap } from 'rxjs';
import { toApiProblem, problemMessage } from '../../core/api/api-error';
import { Session } from '../../core/auth/session.service';
import { AccountSettingsService } from '../../core/data/account-settings.service';
import { Toasts } from '../../core/ui/toast.service';
import { IconComponent } from '../icon/icon.component';
import { LogoComponent } from '../logo/logo.component';

/**
 * The frame of the signed-in app: the top bar (brand, navigation, account menu), a bar of tabs at
 * the bottom on phones, the "confirm your email" banner, and the page. While the api cannot be
 * reached to restore the session, the page waits behind a notice with "Try again".
 */
@Component({
  selector: 'app-layout',
  imports: [RouterOutlet, RouterLink, IconComponent, LogoComponent],
  templateUrl: './app-layout.component.html',
  styleUrl: './app-layout.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppLayoutComponent {
  protected readonly session = inject(Session);
  private readonly account = inject(AccountSettingsService);
  private readonly toasts = inject(Toasts);
  private readonly router = inject(Router);

  protected readonly links = [
    { path: '/dashboard', label: 'Dashboard', icon: 'home' },
    { path: '/reports', label: 'Reports', icon: 'report' },
    { path: '/settings', label: 'Settings', icon: 'settings' },
  ] as const;

  /** The section the current page belongs to: a tracker's pages are the dashboard's. */
  protected readonly url = signal(this.router.url);
  protected readonly section = computed(() => {
    const url = this.url();
    return url.startsWith('/trackers') ? '/dashboard' : (this.links.find((l) => url.startsWith(l.path))?.path ?? null);
  });

  protected readonly initial = computed(() => (this.session.user()?.username ?? '?').slice(0, 1).toUpperCase());
  protected readonly resending = signal(false);
  protected readonly retrying = signal(false);
  protected readonly signingOut = signal(false);
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');
  private readonly menu = viewChild<ElementRef<HTMLElement>>('menu');
  private focusTimer = 0;

  constructor() {
    // After each in-app navigation, focus moves to the new page (screen readers announce it).
    this.router.events
      .pipe(
        filter((event) => event instanceof NavigationEnd),
        tap(() => this.url.set(this.router.url)),
        skip(1),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe(() => {
        this.menu()?.nativeElement.hidePopover?.();
        this.focusHeading();
      });
  }

  /**
   * Moves focus to the new page's heading, once it is there (a page shows it when its data has
   * come), unless the user has put the focus somewhere meanwhile. Gives up after 3 s.
   */
  private focusHeading(): void {
    const main = this.main().nativeElement;
    const document = main.ownerDocument;
    const deadline = Date.now() + 3_000;
    window.clearTimeout(this.focusTimer);
    const attempt = () => {
      const active = document.activeElement;
      const untouched = !active || active === document.body || active === main || !main.contains(active);
      const heading = main.querySelector<HTMLElement>('h1');
      if (heading && untouched) {
        heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
      } else if (!heading && untouched && Date.now() < deadline) {
        this.focusTimer = window.setTimeout(attempt, 50);
      }
    };
    attempt();
  }

  protected skipToContent(): void {
    this.main().nativeElement.focus();
  }

  protected resend(): void {
    if (this.resending()) return;
    this.resending.set(true);
    this.account.resendConfirmation().subscribe({
      next: () => {
        this.resending.set(false);
        this.toasts.show(`We sent a new confirmation link to ${this.session.user()?.email}.`);
      },
      error: (error: unknown) => {
        this.resending.set(false);
        const problem = toApiProblem(error);
        if (problem.status === 409) {
          this.account.profile().subscribe({ error: () => undefined });
          this.toasts.show('Your email address is already confirmed.', 'info');
        } else this.toasts.problem(problemMessage(problem));
      },
    });
  }

  protected async retry(): Promise<void> {
    this.retrying.set(true);
    await this.session.restore();
    this.retrying.set(false);
    if (this.session.status() === 'signed-out')
      void this.router.navigate(['/login'], { queryParams: { next: this.router.url } });
  }

  protected signOut(): void {
    if (this.signingOut()) return;
    this.signingOut.set(true);
    this.session.logout().subscribe({
      next: () => {
        this.signingOut.set(false);
        void this.router.navigateByUrl('/').then(() => this.toasts.show('You are signed out. See you soon!', 'info'));
      },
      error: (error: unknown) => {
        this.signingOut.set(false);
        this.toasts.problem(`You are still signed in: ${problemMessage(toApiProblem(error))}`);
      },
    });
  }
}
