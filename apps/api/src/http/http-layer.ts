import { hasLoneSurrogate } from '@tally/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { BadRequestError, errorBody, UnsupportedMediaTypeError } from '@tally/platform';
import type { FastifyError, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';

/** JSON bodies above this are refused with 413; imports (multipart) have their own limit. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Fastify's router refuses longer path parameters with 414 (ids are at most 36 characters). */
export const MAX_PARAM_LENGTH = 100;

/** No request of this API nests deeper than 3 levels; much deeper ones only serve to exhaust the stack. */
export const MAX_JSON_DEPTH = 32;

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

/** Whether arrays and objects in a JSON text nest deeper than `limit`, found by scanning the bytes. */
export function nestsDeeperThan(json: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === 0x5c)
        i++; // the escaped character, whatever it is
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > limit) return true;
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
  return false;
}

/** The path of the first string (or field name) with an unpaired surrogate, e.g. `scopes[1]`. */
export function fieldWithLoneSurrogate(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return hasLoneSurrogate(value) ? path || 'body' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = fieldWithLoneSurrogate(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (hasLoneSurrogate(key)) return path || 'body';
      const found = fieldWithLoneSurrogate(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Replaces Nest's JSON body parser (Fastify's, which stays underneath for the parsing and its
 * prototype-poisoning checks) so that what it refuses is a 400 in the product's words, and so
 * that two kinds of valid JSON are refused before they reach a handler: documents nested deeper
 * than MAX_JSON_DEPTH (class-validator and class-transformer recurse, and a few thousand levels
 * exhausted the stack: a 500) and strings with unpaired surrogates, which are not Unicode text and
 * cannot be stored as UTF-8. Only JSON is parsed: other content types get a 415.
 */
export function registerJsonBodyParser(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: BODY_LIMIT_BYTES }, (request, raw, done) => {
    if (nestsDeeperThan(raw, MAX_JSON_DEPTH)) {
      done(new BadRequestError(`The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`));
      return;
    }
    parse(request, raw.toString('utf8'), (error, value) => {
      if (error) {
        const empty = (error as FastifyError).code === 'FST_ERR_CTP_EMPTY_JSON_BODY';
        done(
          new BadRequestError(
            empty
              ? 'The request body is empty but Content-Type is application/json'
              : 'The request body is not valid JSON',
          ),
        );
        return;
      }
      const field = fieldWithLoneSurrogate(value);
      if (field) {
        const message = `${field} must be valid Unicode text (it has an unpaired UTF-16 surrogate)`;
        done(new BadRequestError(message, [{ field, message }]));
        return;
      }
      done(null, value);
    });
  });
  // Any other Content-Type (multipart has its own parser, for imports): a 415 that says what to send.
  // Without this, Fastify's refusal reaches the filter through Nest as a bare "Unsupported Media Type".
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    const type = request.headers['content-type'];
    done(
      new UnsupportedMediaTypeError(
        `${type ? `Content-Type ${type.split(';')[0]} is not accepted` : 'The body has no Content-Type'}: send application/json`,
      ),
    );
  });
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
