import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { HealthState } from '../../core/health/health.service';

/** Human names for the server's health check keys; unknown keys are shown as sent. */
const CHECK_LABELS: Record<string, string> = { database: 'Database', redis: 'Redis' };

/** A card showing whether the API is up, why not when it is down, and a way to check again. */
@Component({
  selector: 'app-api-status',
  imports: [DatePipe],
  templateUrl: './api-status.component.html',
  styleUrl: './api-status.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiStatusComponent {
  readonly state = input.required<HealthState>();
  readonly retry = output<void>();

  protected readonly busy = computed(() => this.state().kind === 'loading');
  protected readonly checks = computed(() => {
    const state = this.state();
    return state.kind === 'healthy' ? state.checks.map((key) => CHECK_LABELS[key] ?? key) : [];
  });

  protected onRetry(): void {
    // The button stays focusable while a check runs (disabling it would drop keyboard focus).
    if (!this.busy()) this.retry.emit();
  }
}
