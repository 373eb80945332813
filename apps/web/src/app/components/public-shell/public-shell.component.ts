import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { LogoComponent } from '../logo/logo.component';

/** The frame of signed-out pages that are not a single card: home and API status. */
@Component({
  selector: 'app-public-shell',
  imports: [LogoComponent, RouterLink],
  template: `
    <header class="container bar">
      <a class="brand" routerLink="/">
        <app-logo />
        <span class="brand__name">Tally</span>
      </a>
      @if (actions()) {
        <nav class="actions" aria-label="Account">
          <a class="button button--ghost" routerLink="/login">Sign in</a>
          <a class="button button--primary" routerLink="/signup">Create account</a>
        </nav>
      }
    </header>
    <main id="main" class="container">
      <ng-content />
    </main>
    <footer class="container footer">
      <span>Tally · a self-hosted quantified-self tracker</span>
      <span class="links">
        <a routerLink="/status">API status</a>
        <a href="/api/docs">API documentation</a>
      </span>
    </footer>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-height: 100dvh;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.75rem;
      padding-block: 1rem;
    }
    .brand {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      color: var(--text);
      text-decoration: none;
    }
    .brand app-logo {
      width: 2.25rem;
      height: 2.25rem;
    }
    .brand__name {
      font-size: 1.375rem;
      font-weight: 800;
      letter-spacing: -0.03em;
    }
    .actions {
      display: flex;
      gap: 0.5rem;
    }
    main {
      flex: 1;
    }
    .footer {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 0.5rem 1.5rem;
      padding-block: 2rem;
      color: var(--muted);
      font-size: 0.875rem;
    }
    .links {
      display: flex;
      gap: 1.25rem;
    }
    .footer a {
      color: var(--link);
    }
    @media (max-width: 30rem) {
      .actions {
        gap: 0.25rem;
      }
      .actions .button {
        min-height: 2.25rem;
        padding-inline: 0.625rem;
        font-size: 0.9375rem;
      }
      .brand app-logo {
        width: 2rem;
        height: 2rem;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PublicShellComponent {
  /** Sign in / Create account in the bar. */
  readonly actions = input(true);
}
