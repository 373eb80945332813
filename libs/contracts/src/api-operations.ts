import type { components, paths } from './generated/openapi';

/**
 * Types a client derives from the generated `paths`: which path takes which method, what it asks
 * for (path and query parameters, JSON body) and what it answers. Types only; the web client's
 * `ApiClient` (apps/web/src/app/core/api) is built on them, so a request that does not match the
 * OpenAPI document does not compile.
 */

/** A schema of the document by name: `Schema<'TrackerDto'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The methods the API uses. */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | '2XX';

/** The operation at `P` for `M`: the generated object with parameters, requestBody and responses. */
export type OperationAt<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M]>;

type ParametersOf<O> = O extends { parameters: infer P } ? P : never;

/** `{ path: {...} }` when the operation has path parameters (all required), else nothing. */
type PathOption<O> =
  ParametersOf<O> extends { path: infer Values }
    ? [Values] extends [never]
      ? { path?: never }
      : { path: Values }
    : { path?: never };

/** `{ query: {...} }`, optional when every query parameter is. */
type QueryOption<O> =
  ParametersOf<O> extends { query: infer Values }
    ? [Values] extends [never]
      ? { query?: never }
      : { query: Values }
    : ParametersOf<O> extends { query?: infer Values }
      ? [NonNullable<Values>] extends [never]
        ? { query?: never }
        : { query?: NonNullable<Values> }
      : { query?: never };

type RequestContent<O> = O extends { requestBody?: infer Body }
  ? [NonNullable<Body>] extends [never]
    ? never
    : NonNullable<Body> extends { content: infer C }
      ? C
      : never
  : never;

/** `{ body: ... }` for a JSON request body (optional when the document says so). */
type BodyOption<O> = [RequestContent<O>] extends [never]
  ? { body?: never }
  : RequestContent<O> extends { 'application/json': infer Body }
    ? O extends { requestBody: unknown }
      ? { body: Body }
      : { body?: Body }
    : never;

type SuccessResponse<O> = O extends { responses: infer Responses }
  ? { [S in keyof Responses]: S extends SuccessStatus ? Responses[S] : never }[keyof Responses]
  : never;

/** The JSON a response carries, `void` when it has no body, `never` for other media types. */
type ResponseContent<R> = R extends { content: { 'application/json': infer Body } }
  ? Body
  : R extends { content?: never }
    ? void
    : never;

type SuccessBody<O> = ResponseContent<SuccessResponse<O>>;

/** Whether a client that speaks JSON can call the operation: JSON (or no) body in, JSON (or nothing) out. */
type IsJsonOperation<O> = [SuccessBody<O>] extends [never] ? false : [BodyOption<O>] extends [never] ? false : true;

/**
 * The paths with a JSON operation for `M`: `JsonPath<'get'>` includes `'/api/v1/trackers/{id}'`.
 * Downloads and uploads (`/api/v1/export`, `/api/v1/import`) are left out: they need a Blob and
 * FormData, not JSON.
 */
export type JsonPath<M extends HttpMethod> = {
  [P in keyof paths]: paths[P] extends { [K in M]: infer O } ? (IsJsonOperation<O> extends true ? P : never) : never;
}[keyof paths];

/** What a call of `M P` takes: `path` and `query` parameters and the JSON `body`, each only when the operation has it. */
export type RequestOptions<P extends keyof paths, M extends HttpMethod> = PathOption<OperationAt<P, M>> &
  QueryOption<OperationAt<P, M>> &
  BodyOption<OperationAt<P, M>>;

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** The options as a rest parameter: required when the operation needs any of them, else optional. */
export type RequestArgs<P extends keyof paths, M extends HttpMethod> = [RequiredKeys<RequestOptions<P, M>>] extends [
  never,
]
  ? [options?: RequestOptions<P, M>]
  : [options: RequestOptions<P, M>];

/** What a successful call of `M P` answers: the JSON body of its 2xx response, `void` for 204. */
export type ResponseBody<P extends keyof paths, M extends HttpMethod> = SuccessBody<OperationAt<P, M>>;
