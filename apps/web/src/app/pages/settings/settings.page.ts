import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/** `/settings/…`: one tab per concern, each its own lazy page. */
@Component({
  selector: 'app-settings-page',
  imports: [RouterLink, RouterLinkActive, RouterOutlet],
  template: `
    <div class="container page">
      <h1 class="page-title">Settings</h1>
      <nav class="tabs" aria-label="Settings">
        @for (tab of tabs; track tab.path) {
          <a class="tab" [routerLink]="tab.path" routerLinkActive="is-active" ariaCurrentWhenActive="page">{{
            tab.label
          }}</a>
        }
      </nav>
      <div class="body">
        <router-outlet />
      </div>
    </div>
  `,
  styles: `
    .page {
      gap: 1.25rem;
    }
    .body {
      width: min(100%, 50rem);
    }
    .tabs {
      display: flex;
      gap: 0.25rem;
      margin-inline: -0.25rem;
      padding: 0 0.25rem 0.25rem;
      overflow-x: auto;
      border-bottom: 1px solid var(--border);
    }
    .tab {
      flex: none;
      padding: 0.5rem 0.875rem;
      border-radius: var(--radius) var(--radius) 0 0;
      border-bottom: 3px solid transparent;
      color: var(--muted);
      font-weight: 600;
      text-decoration: none;
    }
    .tab:hover {
      color: var(--text);
    }
    .tab.is-active {
      border-bottom-color: var(--brand);
      color: var(--text);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SettingsPage {
  protected readonly tabs = [
    { path: 'profile', label: 'Profile' },
    { path: 'notifications', label: 'Reminders and reports' },
    { path: 'security', label: 'Security' },
    { path: 'tokens', label: 'API tokens' },
    { path: 'data', label: 'Your data' },
  ];
}
