import { provideHttpClient } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter } from '@angular/router';
import { routes } from './app.routes';

/**
 * HttpClient on XMLHttpRequest, not fetch: Angular's fetch backend aborts every request when its
 * observable completes, even one already answered, which Chromium reports as a failed request
 * (net::ERR_ABORTED) and the browser tests flag at random; XHR also reports upload progress, which
 * the import page will need.
 */
export const appConfig: ApplicationConfig = {
  providers: [provideBrowserGlobalErrorListeners(), provideRouter(routes), provideHttpClient()],
};
