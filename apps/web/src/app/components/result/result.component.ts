import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FocusOnRenderDirective } from '../focus-on-render/focus-on-render.directive';

/**
 * ok: done (a tick) · wait: in progress (a spinner) · expired: too late (a clock) · problem: failed (!)
 * · mail: a question about email, before anything is done (an envelope).
 */
export type ResultTone = 'ok' | 'wait' | 'expired' | 'problem' | 'mail';

/**
 * The outcome of an account link or form: a badge, the page's heading, and what to read or do
 * next (projected). The heading takes focus when it appears, unless `focus` is false, so keyboard
 * and screen-reader users land on the news; put the component in an `aria-live` region.
 */
@Component({
  selector: 'app-result',
  imports: [FocusOnRenderDirective],
  template: `
    <span class="badge" aria-hidden="true">
      @if (tone() === 'wait') {
        <span class="spinner"></span>
      } @else {
        <svg viewBox="0 0 24 24" focusable="false">
          @switch (tone()) {
            @case ('ok') {
              <path d="m5.5 12.5 4.25 4.25L18.5 8" />
            }
            @case ('mail') {
              <rect x="3.5" y="6" width="17" height="12" rx="2" />
              <path d="m4 7.5 8 5.5 8-5.5" />
            }
            @case ('expired') {
              <circle cx="12" cy="12" r="8" />
              <path d="M12 7.5V12l3 2" />
            }
            @default {
              <path d="M12 6v8M12 18v.01" />
            }
          }
        </svg>
      }
    </span>
    <h1 class="page-title" [appFocusOnRender]="focus()">{{ heading() }}</h1>
    <ng-content />
  `,
  styles: `
    :host {
      --accent: var(--ok);
      --accent-soft: var(--ok-soft);
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 1rem;
      color: var(--muted);
    }
    :host([data-tone='wait']),
    :host([data-tone='mail']) {
      --accent: var(--brand);
      --accent-soft: var(--surface-sunken);
    }
    :host([data-tone='mail']) {
      --accent-soft: var(--brand-soft);
    }
    :host([data-tone='expired']) {
      --accent: var(--warn);
      --accent-soft: var(--warn-soft);
    }
    :host([data-tone='problem']) {
      --accent: var(--danger);
      --accent-soft: var(--danger-soft);
    }
    .badge {
      display: grid;
      place-items: center;
      width: 3rem;
      height: 3rem;
      border-radius: 50%;
      background: var(--accent-soft);
      color: var(--accent);
      font-size: 1.5rem;
    }
    svg {
      width: 1.75rem;
      height: 1.75rem;
      fill: none;
      stroke: currentColor;
      stroke-width: 2.5;
      stroke-linecap: round;
      stroke-linejoin: round;
    }
  `,
  host: { '[attr.data-tone]': 'tone()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResultComponent {
  readonly tone = input.required<ResultTone>();
  readonly heading = input.required<string>();
  readonly focus = input(true);
}
