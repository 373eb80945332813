import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { Session } from './session.service';

/**
 * Pages of the signed-in app. While the api cannot be reached the page is let through: the layout
 * says so and offers to try again, instead of sending someone with a live session to sign in.
 */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const session = inject(Session);
  const router = inject(Router);
  await session.ready();
  if (session.status() !== 'signed-out') return true;
  return router.createUrlTree(['/login'], { queryParams: { next: state.url } });
};

/** Home, sign-in and sign-up: someone already signed in goes to the dashboard. */
export const signedOutGuard: CanActivateFn = async () => {
  const session = inject(Session);
  const router = inject(Router);
  await session.ready();
  return session.status() === 'signed-in' ? router.createUrlTree(['/dashboard']) : true;
};
