import type { JsonPath, RequestArgs, RequestOptions, ResponseBody, Schema } from './api-operations';

/**
 * Type-level checks of the request and response types the web client is built on: `npm run
 * typecheck` (tsc) compiles this file, so each `@ts-expect-error` below must stay an error. Jest
 * only sees the compiled-away types and runs the one assertion.
 */

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const is = <T extends true>(value: T) => value;

/** Stands for a client method: `call('get', '/api/v1/trackers/{id}', { path: { id: 1 } })`. */
declare function call<M extends 'get' | 'post' | 'patch' | 'delete', P extends JsonPath<M>>(
  method: M,
  path: P,
  ...options: RequestArgs<P, M>
): ResponseBody<P, M>;

function typeChecks(): void {
  // Responses are the document's schemas; 204 is void.
  is<Equal<ResponseBody<'/api/v1/health', 'get'>, Schema<'HealthReportDto'>>>(true);
  is<Equal<ResponseBody<'/api/v1/trackers/{id}', 'get'>, Schema<'TrackerDto'>>>(true);
  is<Equal<ResponseBody<'/api/v1/auth/reset-password', 'post'>, void>>(true);
  is<Equal<ResponseBody<'/api/v1/auth/forgot-password', 'post'>, Schema<'MessageDto'>>>(true);

  // No options where none are needed; required ones must be given, and nothing else.
  call('get', '/api/v1/health');
  call('get', '/api/v1/trackers');
  call('get', '/api/v1/trackers', { query: { limit: 10 } });
  call('get', '/api/v1/trackers/{id}', { path: { id: 1 } });
  call('post', '/api/v1/auth/confirm-email', { body: { token: 't' } });
  // @ts-expect-error the path parameter is missing
  call('get', '/api/v1/trackers/{id}');
  // @ts-expect-error path parameters are numbers here
  call('get', '/api/v1/trackers/{id}', { path: { id: 'one' } });
  // @ts-expect-error the body is required
  call('post', '/api/v1/auth/reset-password');
  // @ts-expect-error newPassword is missing from the body
  call('post', '/api/v1/auth/reset-password', { body: { token: 't' } });
  // @ts-expect-error the health check takes no body
  call('get', '/api/v1/health', { body: {} });
  // @ts-expect-error no such query parameter
  call('get', '/api/v1/trackers', { query: { page: 2 } });
  // @ts-expect-error no such path
  call('get', '/api/v1/nothing');
  // @ts-expect-error the health check has no POST
  call('post', '/api/v1/health');
  // @ts-expect-error the export is a download (CSV or JSON file), not a JSON call
  call('get', '/api/v1/export');
  // @ts-expect-error the import is a multipart upload
  call('post', '/api/v1/import', { body: {} });

  // A response field that does not exist does not compile.
  const tracker = call('get', '/api/v1/trackers/{id}', { path: { id: 1 } });
  void tracker.name;
  // @ts-expect-error TrackerDto has no `title`
  void tracker.title;

  is<Equal<keyof RequestOptions<'/api/v1/health', 'get'>, 'path' | 'query' | 'body'>>(true);
}

describe('api operation types', () => {
  it('are checked by tsc (see the @ts-expect-error lines)', () => {
    expect(typeof typeChecks).toBe('function');
  });
});
