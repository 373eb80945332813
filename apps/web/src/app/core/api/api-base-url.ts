import { InjectionToken } from '@angular/core';

/** Where the versioned REST API lives; same origin, so the strict CSP (`connect-src 'self'`) holds. */
export const API_BASE_URL = new InjectionToken<string>('API_BASE_URL', { factory: () => '/api/v1' });
