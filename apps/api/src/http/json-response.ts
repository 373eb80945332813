/**
 * What Fastify sends with a JSON body. Handlers that return cached JSON text (a string) declare it
 * with `@Header('Content-Type', JSON_CONTENT_TYPE)`, so Fastify sends the text as it is, unparsed.
 */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
