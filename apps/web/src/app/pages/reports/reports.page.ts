import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { IconComponent } from '../../components/icon/icon.component';
import { Session } from '../../core/auth/session.service';

/**
 * `/reports`: the history of monthly reports. The api's report endpoints (`GET /reports`,
 * `/reports/:month`, its HTML and PDF, `POST /reports/:month/send`, `GET /jobs/:id`) are not in the
 * OpenAPI document yet; until they are, this page says what is coming and where the report setting is.
 */
@Component({
  selector: 'app-reports-page',
  imports: [IconComponent, RouterLink],
  template: `
    <div class="container page">
      <header class="page-head">
        <div class="page-head__text">
          <h1 class="page-title">Monthly reports</h1>
          <p class="page-intro">Each month against the one before: totals, charts, streaks, moods and your notes.</p>
        </div>
      </header>
      <section class="card" aria-labelledby="soon-title">
        <div class="empty">
          <span class="empty__mark" aria-hidden="true"><app-icon name="report" /></span>
          <h2 id="soon-title" class="empty__title">Reports arrive with the next update</h2>
          <p>
            Soon you will browse every past month here, open a report, download it as a PDF and email it to yourself.
            Until then, your report still comes by email on the 1st of each month
            @if (session.user()?.emailConfirmed === false) {
              (once your email address is confirmed)
            }
            .
          </p>
          <a class="button" routerLink="/settings/notifications">Choose how reports come</a>
        </div>
      </section>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportsPage {
  protected readonly session = inject(Session);
}
