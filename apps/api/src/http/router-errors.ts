import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '@tally/platform';

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
