import { ChangeDetectionStrategy, Component, forwardRef, input, signal } from '@angular/core';
import { ControlValueAccessor, NG_VALUE_ACCESSOR } from '@angular/forms';
import { Emotion, EMOTIONS } from '../../core/data/models';

let nextId = 0;

/**
 * How did it feel? Eight emotions as a radio group (arrow keys move between them), with a way back
 * to none: an emotion is optional. A form control (`formControlName="emotion"`), null for none.
 */
@Component({
  selector: 'app-emotion-picker',
  template: `
    <fieldset class="plain">
      <legend>{{ legend() }} <span class="optional">(optional)</span></legend>
      <div class="options">
        @for (emotion of emotions; track emotion.id) {
          <label class="option">
            <input
              type="radio"
              [name]="name"
              [value]="emotion.id"
              [checked]="value() === emotion.id"
              [disabled]="disabled()"
              (change)="pick(emotion.id)"
            />
            <span class="face emoji" aria-hidden="true">{{ emotion.emoji }}</span>
            <span class="label">{{ emotion.label }}</span>
          </label>
        }
        <label class="option option--none">
          <input
            type="radio"
            [name]="name"
            value=""
            [checked]="value() === null"
            [disabled]="disabled()"
            (change)="pick(null)"
          />
          <span class="label">None</span>
        </label>
      </div>
    </fieldset>
  `,
  styles: `
    .optional {
      color: var(--muted);
      font-weight: 400;
    }
    .options {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(4.75rem, 1fr));
      gap: 0.5rem;
    }
    .option {
      position: relative;
      display: grid;
      justify-items: center;
      align-content: center;
      gap: 0.125rem;
      min-height: 4rem;
      padding: 0.375rem 0.25rem;
      border: 1px solid var(--border-strong);
      border-radius: var(--radius);
      background: var(--surface);
      cursor: pointer;
    }
    .option input {
      position: absolute;
      inset: 0;
      margin: 0;
      opacity: 0;
      cursor: pointer;
    }
    .face {
      font-size: 1.5rem;
      line-height: 1.2;
    }
    .label {
      font-size: 0.8125rem;
      font-weight: 600;
    }
    .option:has(input:checked) {
      border-color: var(--brand);
      background: var(--brand-soft);
      box-shadow: inset 0 0 0 1px var(--brand);
    }
    .option:has(input:focus-visible) {
      outline: 3px solid var(--focus);
      outline-offset: 2px;
    }
    .option--none .label {
      color: var(--muted);
    }
  `,
  providers: [{ provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => EmotionPickerComponent), multi: true }],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmotionPickerComponent implements ControlValueAccessor {
  readonly legend = input('How did it feel?');
  protected readonly emotions = EMOTIONS;
  protected readonly name = `emotion-${++nextId}`;
  protected readonly value = signal<Emotion | null>(null);
  protected readonly disabled = signal(false);
  private onChange: (value: Emotion | null) => void = () => {};
  private onTouched: () => void = () => {};

  protected pick(value: Emotion | null): void {
    this.value.set(value);
    this.onChange(value);
    this.onTouched();
  }

  writeValue(value: Emotion | null): void {
    this.value.set(value ?? null);
  }

  registerOnChange(fn: (value: Emotion | null) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }
}
