import { Routes } from '@angular/router';

/** Each page is its own lazy chunk, so the initial bundle stays small as pages are added (quality.md P9). */
export const routes: Routes = [
  { path: '', title: 'Tally', loadComponent: () => import('./pages/home/home.page').then((m) => m.HomePage) },
  {
    path: '**',
    title: 'Page not found · Tally',
    loadComponent: () => import('./pages/not-found/not-found.page').then((m) => m.NotFoundPage),
  },
];
