import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { startWith, Subject, switchMap } from 'rxjs';
import { ApiStatusComponent } from '../../components/api-status/api-status.component';
import { PublicShellComponent } from '../../components/public-shell/public-shell.component';
import { HEALTH_LOADING, HealthService } from '../../core/health/health.service';

/** `/status`: whether the api and what it depends on (MySQL, Redis) are up, for everyone. */
@Component({
  selector: 'app-status-page',
  imports: [ApiStatusComponent, PublicShellComponent],
  template: `
    <app-public-shell [actions]="false">
      <div class="status">
        <h1 class="page-title">Tally status</h1>
        <p class="page-intro">Whether this Tally’s server and the services it depends on are up right now.</p>
        <app-api-status [state]="status()" (retry)="check()" />
      </div>
    </app-public-shell>
  `,
  styles: `
    .status {
      width: min(100%, 34rem);
      margin: 0 auto;
      padding-block: clamp(1rem, 6vh, 3rem);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusPage {
  private readonly health = inject(HealthService);
  private readonly checks = new Subject<void>();

  /** Checks once on arrival and again on each retry; a newer check cancels an older one. */
  protected readonly status = toSignal(
    this.checks.pipe(
      startWith(undefined),
      switchMap(() => this.health.state()),
    ),
    { initialValue: HEALTH_LOADING },
  );

  protected check(): void {
    this.checks.next();
  }
}
