import { HttpErrorResponse } from '@angular/common/http';
import type { Schema } from '@tally/contracts';
import { TimeoutError } from 'rxjs';
import { parseRetryAfter, tryAgainMessage } from './retry-after';

/** One invalid or failing part of a request, as the API reports it. */
export type ApiErrorDetail = Schema<'ErrorDetailDto'>;

/** The error shape every API endpoint answers with (product.md §2). */
export type ApiErrorBody = Schema<'ErrorResponseDto'>;

/** What the UI shows about a failed call: always a readable message, never a raw error object. */
export interface ApiProblem {
  /** HTTP status; 0 when the API could not be reached at all. */
  status: number;
  message: string;
  details: ApiErrorDetail[];
  /** On 429: how many seconds the API asks to wait (its `Retry-After` header), when it says. */
  retryAfterSeconds?: number;
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Partial<ApiErrorBody>;
  return typeof body.statusCode === 'number' && typeof body.message === 'string';
}

export function toApiProblem(error: unknown): ApiProblem {
  if (error instanceof TimeoutError) {
    return { status: 0, message: 'The API did not answer in time.', details: [] };
  }
  if (error instanceof HttpErrorResponse) {
    const problem = httpProblem(error);
    const retryAfter = error.status === 429 ? parseRetryAfter(error.headers.get('Retry-After')) : null;
    return retryAfter === null ? problem : { ...problem, retryAfterSeconds: retryAfter };
  }
  return { status: 0, message: 'Something went wrong while calling the API.', details: [] };
}

function httpProblem(error: HttpErrorResponse): ApiProblem {
  if (isApiErrorBody(error.error)) {
    return { status: error.status, message: error.error.message, details: error.error.details ?? [] };
  }
  // 0: no answer at all; 504 without the api's body: the service worker's answer while offline.
  if (error.status === 0 || error.status === 504) {
    const offline = globalThis.navigator?.onLine === false;
    const message = offline
      ? 'You are offline. Tally will work again once you are connected.'
      : 'The API cannot be reached. Is the server running?';
    return { status: 0, message, details: [] };
  }
  const text = error.statusText && error.statusText !== 'OK' ? ` ${error.statusText}` : '';
  return { status: error.status, message: `The API answered ${error.status}${text}.`, details: [] };
}

/** The sentence to show for a failed call: the API's own message, or when a throttled caller may try again. */
export function problemMessage(problem: ApiProblem, now: Date = new Date()): string {
  return problem.status === 429 && problem.retryAfterSeconds !== undefined
    ? tryAgainMessage(problem.retryAfterSeconds, now)
    : problem.message;
}
