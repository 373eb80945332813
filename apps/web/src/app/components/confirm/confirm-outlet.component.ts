import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Confirmations } from '../../core/ui/confirm.service';
import { DialogComponent } from '../dialog/dialog.component';

/** Renders the app's one confirmation dialog (Confirmations.ask). */
@Component({
  selector: 'app-confirm-outlet',
  imports: [DialogComponent],
  template: `
    @let request = confirmations.pending();
    <app-dialog [heading]="request?.title ?? ''" [open]="request !== null" (closed)="confirmations.answer(false)">
      @if (request) {
        <p class="message">{{ request.message }}</p>
        <div class="form-actions">
          <button type="button" class="button" (click)="confirmations.answer(false)">Cancel</button>
          <button
            type="button"
            class="button"
            [class.button--danger-solid]="request.danger"
            [class.button--primary]="!request.danger"
            (click)="confirmations.answer(true)"
          >
            {{ request.confirmLabel }}
          </button>
        </div>
      }
    </app-dialog>
  `,
  styles: `
    .message {
      margin: 0;
      color: var(--muted);
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmOutletComponent {
  protected readonly confirmations = inject(Confirmations);
}
