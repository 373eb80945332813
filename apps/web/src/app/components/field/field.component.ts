import { ChangeDetectionStrategy, Component, computed, Directive, inject, input } from '@angular/core';

/**
 * A labelled form field: the label, the projected control (marked `appFieldControl`), a hint and
 * the error to show, if any. The control gets its id, `aria-invalid` and `aria-describedby`
 * (hint, then error) from here, so screen readers read both when it is focused.
 */
@Component({
  selector: 'app-field',
  template: `
    <label class="field__label" [for]="controlId()">{{ label() }}</label>
    <ng-content />
    @if (hint()) {
      <p class="field__hint" [id]="hintId()">{{ hint() }}</p>
    }
    @if (error()) {
      <p class="field__error" [id]="errorId()">{{ error() }}</p>
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: 0.375rem;
    }
    .field__label {
      font-weight: 600;
    }
    .field__hint,
    .field__error {
      margin: 0;
      font-size: 0.875rem;
    }
    .field__hint {
      color: var(--muted);
    }
    .field__error {
      color: var(--danger);
      font-weight: 500;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FieldComponent {
  /** The id of the control, unique on the page (the label's `for`). */
  readonly controlId = input.required<string>();
  readonly label = input.required<string>();
  readonly hint = input<string | null>(null);
  /** The message to show under the control; null while it is valid or not yet to be judged. */
  readonly error = input<string | null>(null);

  protected readonly hintId = computed(() => `${this.controlId()}-hint`);
  protected readonly errorId = computed(() => `${this.controlId()}-error`);

  /** What the control's `aria-describedby` lists. */
  readonly describedBy = computed(() => {
    const ids = [this.hint() ? this.hintId() : null, this.error() ? this.errorId() : null].filter(Boolean);
    return ids.length ? ids.join(' ') : null;
  });
}

/** The control inside an `app-field`: takes its id and accessible description from the field. */
@Directive({
  selector: '[appFieldControl]',
  host: {
    class: 'input',
    '[id]': 'field.controlId()',
    '[attr.aria-invalid]': 'field.error() ? true : null',
    '[attr.aria-describedby]': 'field.describedBy()',
  },
})
export class FieldControlDirective {
  protected readonly field = inject(FieldComponent);
}
