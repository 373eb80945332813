import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** A failure to read at once: announced by screen readers as it appears (`role="alert"`). */
@Component({
  selector: 'app-alert',
  template: `
    <strong class="title">{{ heading() }}</strong>
    <ng-content />
  `,
  styles: `
    :host {
      display: block;
      padding: 0.75rem 1rem;
      border: 1px solid color-mix(in srgb, var(--danger) 40%, transparent);
      border-radius: var(--radius);
      background: var(--danger-soft);
      color: var(--text);
    }
    .title {
      display: block;
      color: var(--danger);
    }
  `,
  host: { role: 'alert' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlertComponent {
  readonly heading = input.required<string>();
}
