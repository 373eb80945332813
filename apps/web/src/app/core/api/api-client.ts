import { HttpClient, HttpEvent } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { JsonPath, paths, RequestArgs, ResponseBody } from '@tally/contracts';
import type { Observable } from 'rxjs';
import { expandPath, queryParams } from './api-request';

type Operation<P extends keyof paths, M extends 'get' | 'post'> = NonNullable<paths[P][M]>;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type PathParamsOf<O> = O extends { parameters: { path: infer V } } ? V : never;
type OkContent<O> = O extends { responses: { 200: { content: infer C } } } ? C : never;
type MultipartOf<O> = O extends { requestBody: { content: { 'multipart/form-data': infer F } } } ? F : never;

/** Paths whose GET answers a file rather than JSON: `/api/v1/export`. */
export type DownloadPath = {
  [P in keyof paths]: paths[P] extends { get: infer O }
    ? [OkContent<O>] extends [never]
      ? never
      : 'application/json' extends keyof OkContent<O>
        ? never
        : P
    : never;
}[keyof paths];

/** Paths that take a multipart upload: `/api/v1/import`. */
export type UploadPath = {
  [P in keyof paths]: paths[P] extends { post: infer O } ? ([MultipartOf<O>] extends [never] ? never : P) : never;
}[keyof paths];

/** The path and query parameters of a download or upload, as the document gives them. */
interface FileCallOptions<O> {
  path?: PathParamsOf<O>;
  query?: QueryOf<O>;
}

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
   * A file the api sends (an export, a PDF), as HttpClient events so a page can show progress; the
   * last event is the response with the Blob and its headers (Content-Disposition names the file).
   */
  download<P extends DownloadPath>(
    path: P,
    options: FileCallOptions<Operation<P, 'get'>> = {},
  ): Observable<HttpEvent<Blob>> {
    const { path: values, query } = options as CallOptions;
    return this.http.get(expandPath(path, values), {
      params: queryParams(query),
      responseType: 'blob',
      observe: 'events',
      reportProgress: true,
    });
  }

  /**
   * A multipart upload with the fields the document names (`{ file }` for the import), as
   * HttpClient events: upload progress, then the JSON answer.
   */
  upload<P extends UploadPath>(
    path: P,
    fields: { [K in keyof MultipartOf<Operation<P, 'post'>>]: Blob | [Blob, string] },
    options: FileCallOptions<Operation<P, 'post'>> = {},
  ): Observable<HttpEvent<ResponseBody<P, 'post'>>> {
    const { path: values, query } = options as CallOptions;
    const form = new FormData();
    for (const [name, value] of Object.entries(fields as Record<string, Blob | [Blob, string]>)) {
      if (Array.isArray(value)) form.append(name, value[0], value[1]);
      else form.append(name, value);
    }
    return this.http.post<ResponseBody<P, 'post'>>(expandPath(path, values), form, {
      params: queryParams(query),
      responseType: 'json',
      observe: 'events',
      reportProgress: true,
    });
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
