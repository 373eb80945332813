import { Routes } from '@angular/router';

export const SETTINGS_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'profile' },
  {
    path: 'profile',
    title: 'Profile · Settings · Tally',
    loadComponent: () => import('./profile/profile.page').then((m) => m.ProfilePage),
  },
  {
    path: 'notifications',
    title: 'Reminders and reports · Settings · Tally',
    loadComponent: () => import('./notifications/notifications.page').then((m) => m.NotificationsPage),
  },
  {
    path: 'security',
    title: 'Security · Settings · Tally',
    loadComponent: () => import('./security/security.page').then((m) => m.SecurityPage),
  },
  {
    path: 'tokens',
    title: 'API tokens · Settings · Tally',
    loadComponent: () => import('./tokens/tokens.page').then((m) => m.TokensPage),
  },
  {
    path: 'data',
    title: 'Your data · Settings · Tally',
    loadComponent: () => import('./data/data.page').then((m) => m.DataPage),
  },
];
