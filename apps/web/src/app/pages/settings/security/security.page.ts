import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ChangePasswordComponent } from './change-password.component';
import { SessionsComponent } from './sessions.component';
import { TwoFactorComponent } from './two-factor.component';

/** Password, two-step verification and signed-in devices. */
@Component({
  selector: 'app-security-page',
  imports: [ChangePasswordComponent, SessionsComponent, TwoFactorComponent],
  template: `
    <app-change-password />
    <app-two-factor />
    <app-sessions />
  `,
  styles: `
    :host {
      display: grid;
      gap: 1.5rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecurityPage {}
