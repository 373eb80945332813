import { ChangeDetectionStrategy, Component, DOCUMENT, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterOutlet } from '@angular/router';
import { SwUpdate } from '@angular/service-worker';
import { filter } from 'rxjs';
import { ConfirmOutletComponent } from './components/confirm/confirm-outlet.component';
import { ToastOutletComponent } from './components/toasts/toast-outlet.component';
import { Toasts } from './core/ui/toast.service';

/** The root: the routed page, and the toasts and confirmation dialog every page may raise. */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet, ToastOutletComponent, ConfirmOutletComponent],
  template: `
    <router-outlet />
    <app-toast-outlet />
    <app-confirm-outlet />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  constructor() {
    // A new version was deployed and the service worker has it: offer to switch now.
    const updates = inject(SwUpdate);
    const toasts = inject(Toasts);
    const location = inject(DOCUMENT).location;
    if (!updates.isEnabled) return;
    updates.versionUpdates
      .pipe(
        filter((event) => event.type === 'VERSION_READY'),
        takeUntilDestroyed(),
      )
      .subscribe(() =>
        toasts.show('A new version of Tally is ready.', 'info', { label: 'Reload', run: () => location.reload() }),
      );
  }
}
