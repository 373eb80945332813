import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { JsonPath, RequestArgs, ResponseBody } from '@tally/contracts';
import type { Observable } from 'rxjs';
import { expandPath, queryParams } from './api-request';

/** What a call may carry, once its types have been checked against the document. */
interface CallOptions {
  path?: Record<string, string | number | boolean>;
  query?: Record<string, string | number | boolean | readonly (string | number | boolean)[] | null | undefined>;
  body?: unknown;
}

/**
 * The API, typed by its OpenAPI document (`@tally/contracts`, `npm run api:generate`): a call names
 * a path of the document and takes the path and query parameters and the JSON body the document
 * gives it, and answers the document's response type, so a call the API would not understand, or a
 * field it does not send, does not compile:
 *
 *     api.get('/api/v1/trackers/{id}', { path: { id } })   // Observable<Schema<'TrackerDto'>>
 *
 * Every call goes through HttpClient, and so through its interceptors. Errors reach the caller as
 * HttpErrorResponse; `toApiProblem` turns them into a message. Same origin only: the document's
 * paths are absolute and the CSP allows `connect-src 'self'`.
 */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  get<P extends JsonPath<'get'>>(path: P, ...[options]: RequestArgs<P, 'get'>): Observable<ResponseBody<P, 'get'>> {
    return this.send('GET', path, options);
  }

  post<P extends JsonPath<'post'>>(path: P, ...[options]: RequestArgs<P, 'post'>): Observable<ResponseBody<P, 'post'>> {
    return this.send('POST', path, options);
  }

  put<P extends JsonPath<'put'>>(path: P, ...[options]: RequestArgs<P, 'put'>): Observable<ResponseBody<P, 'put'>> {
    return this.send('PUT', path, options);
  }

  patch<P extends JsonPath<'patch'>>(
    path: P,
    ...[options]: RequestArgs<P, 'patch'>
  ): Observable<ResponseBody<P, 'patch'>> {
    return this.send('PATCH', path, options);
  }

  delete<P extends JsonPath<'delete'>>(
    path: P,
    ...[options]: RequestArgs<P, 'delete'>
  ): Observable<ResponseBody<P, 'delete'>> {
    return this.send('DELETE', path, options);
  }

  /**
   * `options` was checked against the document by the public method's signature; the answer is
   * taken to be what the document says, the one unchecked step (the api's tests hold it to that).
   */
  private send<T>(method: string, path: string, options: object = {}): Observable<T> {
    const { path: values, query, body } = options as CallOptions;
    return this.http.request<T>(method, expandPath(path, values), {
      body,
      params: queryParams(query),
      responseType: 'json',
    });
  }
}
