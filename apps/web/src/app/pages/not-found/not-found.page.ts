import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { PublicShellComponent } from '../../components/public-shell/public-shell.component';

@Component({
  selector: 'app-not-found-page',
  imports: [PublicShellComponent, RouterLink],
  template: `
    <app-public-shell [actions]="false">
      <div class="empty not-found">
        <span class="empty__mark" aria-hidden="true">?</span>
        <h1 class="page-title">Page not found</h1>
        <p>There is nothing at this address. The link may be old, or mistyped.</p>
        <a class="button button--primary" routerLink="/">Back to Tally</a>
      </div>
    </app-public-shell>
  `,
  styles: `
    .not-found {
      padding-block: clamp(2rem, 12vh, 6rem);
    }
    .empty__mark {
      font-size: 1.75rem;
      font-weight: 800;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {}
