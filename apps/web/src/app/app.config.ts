import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  isDevMode,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import { provideRouter, withInMemoryScrolling } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';
import { routes } from './app.routes';
import { authInterceptor } from './core/auth/auth.interceptor';
import { Session } from './core/auth/session.service';

/**
 * HttpClient on XMLHttpRequest, not fetch: Angular's fetch backend aborts every request when its
 * observable completes, even one already answered, which Chromium reports as a failed request
 * (net::ERR_ABORTED) and the browser tests flag at random; XHR also reports upload progress, which
 * the import uses.
 *
 * The session is restored in the background as the app starts (one refresh call when the CSRF
 * cookie says there is a session); guards wait for it, public pages do not.
 */
export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withInMemoryScrolling({ scrollPositionRestoration: 'enabled' })),
    provideHttpClient(withInterceptors([authInterceptor])),
    provideAppInitializer(() => {
      void inject(Session).restore();
    }),
    // The app shell only (ngsw-config.json): API answers are never cached.
    provideServiceWorker('ngsw-worker.js', {
      enabled: !isDevMode(),
      registrationStrategy: 'registerWhenStable:10000',
    }),
  ],
};
