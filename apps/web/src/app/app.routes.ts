import { Routes } from '@angular/router';
import { signedInGuard, signedOutGuard } from './core/auth/auth.guards';

/** Each page is its own lazy chunk, so the initial bundle stays small as pages are added (quality.md P9). */
export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Tally: count what matters',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./pages/home/home.page').then((m) => m.HomePage),
  },
  {
    path: 'login',
    title: 'Sign in · Tally',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./pages/login/login.page').then((m) => m.LoginPage),
  },
  {
    path: 'signup',
    title: 'Create your account · Tally',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./pages/signup/signup.page').then((m) => m.SignupPage),
  },
  {
    path: 'confirm-email',
    title: 'Confirm your email address · Tally',
    loadComponent: () => import('./pages/confirm-email/confirm-email.page').then((m) => m.ConfirmEmailPage),
  },
  {
    path: 'forgot-password',
    title: 'Forgot your password? · Tally',
    loadComponent: () => import('./pages/forgot-password/forgot-password.page').then((m) => m.ForgotPasswordPage),
  },
  {
    path: 'reset-password',
    title: 'Choose a new password · Tally',
    loadComponent: () => import('./pages/reset-password/reset-password.page').then((m) => m.ResetPasswordPage),
  },
  {
    // Signed in or not: the link in a reminder or report email's footer.
    path: 'unsubscribe',
    title: 'Turn off an email · Tally',
    loadComponent: () => import('./pages/unsubscribe/unsubscribe.page').then((m) => m.UnsubscribePage),
  },
  {
    path: 'status',
    title: 'Status · Tally',
    loadComponent: () => import('./pages/status/status.page').then((m) => m.StatusPage),
  },
  {
    path: '',
    canActivate: [signedInGuard],
    loadComponent: () => import('./components/app-layout/app-layout.component').then((m) => m.AppLayoutComponent),
    children: [
      {
        path: 'dashboard',
        title: 'Dashboard · Tally',
        loadComponent: () => import('./pages/dashboard/dashboard.page').then((m) => m.DashboardPage),
      },
      {
        path: 'trackers/new',
        title: 'New tracker · Tally',
        loadComponent: () => import('./pages/tracker-form/tracker-form.page').then((m) => m.TrackerFormPage),
      },
      {
        path: 'trackers/:id',
        title: 'Tracker · Tally',
        loadComponent: () => import('./pages/tracker/tracker.page').then((m) => m.TrackerPage),
      },
      {
        path: 'trackers/:id/edit',
        title: 'Edit tracker · Tally',
        loadComponent: () => import('./pages/tracker-form/tracker-form.page').then((m) => m.TrackerFormPage),
      },
      {
        path: 'reports',
        title: 'Reports · Tally',
        loadComponent: () => import('./pages/reports/reports.page').then((m) => m.ReportsPage),
      },
      {
        path: 'reports/:month',
        title: 'Report · Tally',
        loadComponent: () => import('./pages/report/report.page').then((m) => m.ReportPage),
      },
      {
        path: 'settings',
        loadComponent: () => import('./pages/settings/settings.page').then((m) => m.SettingsPage),
        loadChildren: () => import('./pages/settings/settings.routes').then((m) => m.SETTINGS_ROUTES),
      },
    ],
  },
  {
    path: '**',
    title: 'Page not found · Tally',
    loadComponent: () => import('./pages/not-found/not-found.page').then((m) => m.NotFoundPage),
  },
];
