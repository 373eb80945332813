import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  output,
  untracked,
  viewChild,
} from '@angular/core';
import { IconComponent } from '../icon/icon.component';

let nextId = 0;

/**
 * A modal dialog on the native `<dialog>`: the page behind is inert, focus moves inside (to the
 * first field, or the element marked `autofocus`) and returns to the opener when it closes; Escape,
 * the close button and a click on the backdrop close it. On phones it is a bottom sheet.
 */
@Component({
  selector: 'app-dialog',
  imports: [IconComponent],
  template: `
    <dialog #dialog class="dialog" [attr.aria-labelledby]="titleId" (close)="onClose()">
      <div class="body">
        <div class="head">
          <h2 class="title" [id]="titleId">{{ heading() }}</h2>
          <button type="button" class="icon-button" aria-label="Close" (click)="close()">
            <app-icon name="close" />
          </button>
        </div>
        <ng-content />
      </div>
    </dialog>
  `,
  styles: `
    .body {
      display: grid;
      gap: 1rem;
      padding: 1.25rem clamp(1rem, 4vw, 1.5rem) 1.5rem;
    }
    .head {
      display: flex;
      align-items: flex-start;
      justify-content: space-between;
      gap: 1rem;
      margin-right: -0.5rem;
    }
    .title {
      margin: 0.375rem 0 0;
      font-size: 1.1875rem;
      line-height: 1.3;
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DialogComponent {
  readonly heading = input.required<string>();
  readonly open = input(false);
  /** The dialog closed by itself (Escape, close button, backdrop): the owner sets `open` false. */
  readonly closed = output<void>();

  protected readonly titleId = `dialog-title-${++nextId}`;
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  constructor() {
    const injector = inject(Injector);
    effect(() => {
      const open = this.open();
      const dialog = this.dialog().nativeElement;
      untracked(() => {
        if (open && !dialog.open) {
          dialog.showModal();
          // Once the content is rendered: the first field, else the first action (Cancel comes
          // before a destructive button), never the close button the browser would pick.
          afterNextRender(
            () => {
              const target =
                dialog.querySelector<HTMLElement>(
                  '[autofocus], .body input:not([type="hidden"]):not([type="radio"]):not([disabled]), .body textarea, .body select',
                ) ?? dialog.querySelector<HTMLElement>('.form-actions button, .form-actions a');
              target?.focus();
            },
            { injector },
          );
        }
        if (!open && dialog.open) dialog.close();
      });
    });
    effect((onCleanup) => {
      const dialog = this.dialog().nativeElement;
      // The dialog element itself is only hit outside .body, i.e. on the backdrop.
      const onClick = (event: MouseEvent) => {
        if (event.target === dialog) this.close();
      };
      dialog.addEventListener('click', onClick);
      onCleanup(() => dialog.removeEventListener('click', onClick));
    });
  }

  close(): void {
    const dialog = this.dialog().nativeElement;
    if (dialog.open) dialog.close();
  }

  protected onClose(): void {
    if (this.open()) this.closed.emit();
  }
}
