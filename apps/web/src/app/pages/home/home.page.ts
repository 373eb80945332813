import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { startWith, Subject, switchMap } from 'rxjs';
import { ApiStatusComponent } from '../../components/api-status/api-status.component';
import { LogoComponent } from '../../components/logo/logo.component';
import { HEALTH_LOADING, HealthService } from '../../core/health/health.service';

@Component({
  selector: 'app-home-page',
  imports: [ApiStatusComponent, LogoComponent],
  templateUrl: './home.page.html',
  styleUrl: './home.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
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
