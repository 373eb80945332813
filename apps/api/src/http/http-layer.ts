import type { OpenAPIObject } from '@nestjs/swagger';
import { errorBody } from '@tally/platform';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** JSON bodies above this are refused with 413; imports (multipart) have their own limit. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Fastify's router refuses longer path parameters with 414 (ids are at most 36 characters). */
export const MAX_PARAM_LENGTH = 100;

const ROUTER_MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'The URL is not valid: a part of its path is not correctly percent-encoded UTF-8',
  FST_ERR_MAX_PARAM_LENGTH: `A part of the URL path is too long (over ${MAX_PARAM_LENGTH} characters)`,
};

/**
 * Errors of Fastify's router (a malformed or over-long path parameter), which happen before any
 * route, so Nest's error filter never sees them: answered in the one error shape (product.md §2)
 * instead of Fastify's own, which names its internal error code and echoes the path.
 */
export function routerErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply
    .code(status)
    .header('x-request-id', request.id)
    .header('x-content-type-options', 'nosniff')
    .send(errorBody(status, ROUTER_MESSAGES[error.code] ?? 'The URL could not be read'));
}

const BODY_METHODS = ['post', 'put', 'patch', 'delete'] as const;

/**
 * Every route can also get answers from the HTTP layer before its controller runs: the router's
 * (a malformed or over-long path parameter), the body parsers' (bad JSON, over the size limit, a
 * Content-Type without a parser; Fastify parses bodies of these methods even where none is
 * expected) and the error filter's 503 when MariaDB or Redis cannot be reached. They are added to
 * the spec here, once for all routes, so no route can miss one.
 */
export function documentHttpLayerAnswers(document: OpenAPIObject): void {
  const answer = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } } },
  });
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', ...BODY_METHODS] as const) {
      const operation = item[method];
      if (!operation) continue;
      const add = (status: number, description: string) => (operation.responses[status] ??= answer(description));
      if (path.includes('{')) {
        add(400, 'A path parameter is malformed');
        add(414, `A path parameter is over ${MAX_PARAM_LENGTH} characters`);
      }
      if (method !== 'get') {
        add(400, 'The body is not valid JSON, or is empty with Content-Type: application/json');
        add(413, `The body is over ${BODY_LIMIT_BYTES / 1024 / 1024} MB`);
        add(
          415,
          operation.requestBody &&
            'content' in operation.requestBody &&
            operation.requestBody.content['multipart/form-data']
            ? 'Unsupported Content-Type: send multipart/form-data'
            : 'Unsupported Content-Type: send application/json',
        );
      }
      add(503, 'MariaDB or Redis cannot be reached; Retry-After says when to try again');
    }
  }
}
