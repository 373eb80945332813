import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { hasLoneSurrogate } from '@tally/contracts';
import { BadRequestError, UnsupportedMediaTypeError } from '@tally/platform';
import type { FastifyError, RawServerDefault } from 'fastify';

/** The one route that takes a form post: RFC 8058's one-click unsubscribe (UnsubscribeController). */
const UNSUBSCRIBE_ROUTE = '/api/v1/unsubscribe/:token';

/** JSON bodies above this are refused with 413; imports (multipart) have their own limit. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** No request of this API nests deeper than 3 levels; much deeper ones only serve to exhaust the stack. */
export const MAX_JSON_DEPTH = 32;

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
  // RFC 8058's one-click unsubscribe posts `List-Unsubscribe=One-Click` as a form: accepted there
  // (and ignored: the token in the path says everything), refused everywhere else.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { bodyLimit: 1024 }, (request, _payload, done) => {
    if (request.routeOptions.url === UNSUBSCRIBE_ROUTE) done(null, {});
    else done(notJson(request.headers['content-type']));
  });
  // Any other Content-Type (multipart has its own parser, for imports): a 415 that says what to send.
  // Without this, Fastify's refusal reaches the filter through Nest as a bare "Unsupported Media Type".
  fastify.addContentTypeParser('*', (request, _payload, done) => done(notJson(request.headers['content-type'])));
}

function notJson(type: string | undefined): UnsupportedMediaTypeError {
  return new UnsupportedMediaTypeError(
    `${type ? `Content-Type ${type.split(';')[0]} is not accepted` : 'The body has no Content-Type'}: send application/json`,
  );
}
