import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { ConfirmOutletComponent } from './components/confirm/confirm-outlet.component';
import { ToastOutletComponent } from './components/toasts/toast-outlet.component';

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
export class App {}
