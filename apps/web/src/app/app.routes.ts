import { Routes } from '@angular/router';

/** Each page is its own lazy chunk, so the initial bundle stays small as pages are added (quality.md P9). */
export const routes: Routes = [
  { path: '', title: 'Tally', loadComponent: () => import('./pages/home/home.page').then((m) => m.HomePage) },
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
    path: '**',
    title: 'Page not found · Tally',
    loadComponent: () => import('./pages/not-found/not-found.page').then((m) => m.NotFoundPage),
  },
];
