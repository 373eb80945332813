import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { LogoComponent } from '../logo/logo.component';

/**
 * The frame of the pages a signed-out user reaches from an account email: the Tally mark
 * (a link home) above one card holding the page's content.
 */
@Component({
  selector: 'app-account-shell',
  imports: [LogoComponent, RouterLink],
  template: `
    <main class="shell">
      <a class="brand" routerLink="/">
        <app-logo />
        <span class="brand__name">Tally</span>
      </a>
      <div class="card">
        <ng-content />
      </div>
    </main>
  `,
  styles: `
    :host {
      display: block;
      min-height: 100dvh;
    }
    .shell {
      width: min(100%, 30rem);
      margin: 0 auto;
      padding: clamp(1.5rem, 8vh, 4.5rem) 1rem 2rem;
      display: flex;
      flex-direction: column;
      gap: 1.75rem;
    }
    .brand {
      align-self: center;
      display: inline-flex;
      align-items: center;
      gap: 0.625rem;
      color: var(--text);
      text-decoration: none;
      border-radius: var(--radius);
    }
    .brand app-logo {
      width: 2.25rem;
      height: 2.25rem;
    }
    .brand__name {
      font-size: 1.625rem;
      font-weight: 800;
      letter-spacing: -0.03em;
    }
    .card {
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius-lg);
      box-shadow: var(--shadow);
      padding: clamp(1.25rem, 5vw, 2rem);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountShellComponent {}
