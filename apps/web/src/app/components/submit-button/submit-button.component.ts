import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * A form's main button. While the request runs it shows a spinner and `busyLabel`, and says
 * `aria-disabled` rather than `disabled`, so keyboard focus stays on it; the page ignores
 * submits meanwhile.
 */
@Component({
  selector: 'app-submit-button',
  template: `
    <button type="submit" class="button button--primary" [attr.aria-disabled]="busy() || null">
      @if (busy()) {
        <span class="spinner" aria-hidden="true"></span>
        {{ busyLabel() }}
      } @else {
        {{ label() }}
      }
    </button>
  `,
  styles: `
    :host {
      display: block;
    }
    button {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubmitButtonComponent {
  readonly label = input.required<string>();
  readonly busyLabel = input.required<string>();
  readonly busy = input(false);
}
