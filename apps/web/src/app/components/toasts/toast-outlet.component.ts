import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Toasts } from '../../core/ui/toast.service';
import { IconComponent } from '../icon/icon.component';

/** Where toasts appear: bottom right on a desktop, above the tab bar on a phone. */
@Component({
  selector: 'app-toast-outlet',
  imports: [IconComponent],
  template: `
    <div class="region" aria-live="polite">
      @for (toast of toasts.items(); track toast.id) {
        <div class="toast" [attr.data-tone]="toast.tone">
          <app-icon [name]="toast.tone === 'problem' ? 'close' : 'check'" class="mark" />
          <p class="text">{{ toast.message }}</p>
          @if (toast.action; as action) {
            <button type="button" class="button button--small" (click)="action.run(); toasts.dismiss(toast.id)">
              {{ action.label }}
            </button>
          }
          <button type="button" class="icon-button dismiss" aria-label="Dismiss" (click)="toasts.dismiss(toast.id)">
            <app-icon name="close" />
          </button>
        </div>
      }
    </div>
  `,
  styles: `
    .region {
      position: fixed;
      z-index: 50;
      right: 1rem;
      bottom: calc(1rem + var(--tabbar-height, 0px) + env(safe-area-inset-bottom));
      left: 1rem;
      display: grid;
      justify-items: center;
      gap: 0.5rem;
      pointer-events: none;
    }
    @media (min-width: 48rem) {
      .region {
        left: auto;
        justify-items: end;
      }
    }
    .toast {
      display: flex;
      align-items: center;
      gap: 0.625rem;
      width: min(100%, 26rem);
      padding: 0.5rem 0.5rem 0.5rem 0.875rem;
      border: 1px solid var(--border);
      border-left: 4px solid var(--ok);
      border-radius: var(--radius);
      background: var(--surface-raised);
      color: var(--text);
      box-shadow: 0 12px 32px rgb(0 0 0 / 18%);
      pointer-events: auto;
    }
    .toast[data-tone='problem'] {
      border-left-color: var(--danger);
    }
    .toast[data-tone='info'] {
      border-left-color: var(--brand);
    }
    .mark {
      color: var(--ok);
    }
    .toast[data-tone='problem'] .mark {
      color: var(--danger);
    }
    .toast[data-tone='info'] .mark {
      color: var(--brand);
    }
    .text {
      flex: 1;
      margin: 0;
      font-size: 0.9375rem;
      overflow-wrap: anywhere;
    }
    .dismiss {
      width: 2rem;
      height: 2rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ToastOutletComponent {
  protected readonly toasts = inject(Toasts);
}
