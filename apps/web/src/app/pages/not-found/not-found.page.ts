import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'app-not-found-page',
  imports: [RouterLink],
  template: `
    <main class="not-found">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <a routerLink="/">Back to Tally</a>
    </main>
  `,
  styles: `
    .not-found {
      width: min(100%, 34rem);
      margin: 0 auto;
      padding: 6rem 1.25rem 2rem;
    }
    h1 {
      margin: 0 0 0.75rem;
      font-size: 2rem;
    }
    p {
      color: var(--muted);
    }
    a {
      color: var(--link);
      font-weight: 500;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {}
