import { ChangeDetectionStrategy, Component } from '@angular/core';

/** Tally's mark: four strokes and a fifth across them, the way people count by hand. */
@Component({
  selector: 'app-logo',
  template: `
    <svg viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="16" class="tile" />
      <g class="strokes">
        <path d="M18 16v32M27 16v32M36 16v32M45 16v32" />
        <path d="M12 42 51 22" class="slash" />
      </g>
    </svg>
  `,
  styles: `
    :host {
      display: inline-block;
      width: 3.5rem;
      height: 3.5rem;
    }
    svg {
      display: block;
      width: 100%;
      height: 100%;
    }
    .tile {
      fill: var(--brand);
    }
    .strokes {
      fill: none;
      stroke: var(--on-brand);
      stroke-width: 5;
      stroke-linecap: round;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LogoComponent {}
