import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, OperationObject, SwaggerModule } from '@nestjs/swagger';
import { BODY_LIMIT_BYTES } from './json-body-parser';
import { RATE_LIMIT_HEADERS_IF_COUNTED, retryAfter } from './rate-limit';
import { MAX_PARAM_LENGTH } from './router-errors';
import { DATE_TIME_MAX_LENGTH } from './validators';

export const API_DOCS_PATH = 'api/docs';

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Tally API')
    .setDescription(
      'Track numbers and notes, get reminders and monthly reports. Authenticate with `Authorization: Bearer <token>` ' +
        'using an access token from `POST /api/v1/auth/login` or a personal access token. Errors always have the shape ' +
        '`{ statusCode, error, message, details? }`.',
    )
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description:
        'Access token (a JWT, issued and checked as RFC8725 advises: one algorithm, HS256, never taken from the ' +
        'token; `iss`, `aud` and `exp` required; valid for minutes) or personal access token',
    })
    .addCookieAuth(
      'tally_refresh',
      { type: 'apiKey', in: 'cookie', description: 'Refresh token cookie (`__Secure-tally_refresh` in production)' },
      'refresh',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-CSRF-Token',
        description: 'The value of the CSRF cookie (double submit)',
      },
      'csrf',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // Relative: the document is served by the api it describes, in whichever environment it runs;
  // x-internal: false, it is the api every client (the web client, scripts) uses.
  document.servers = [
    {
      url: '/',
      description: 'The api serving this document (local, staging or production: wherever it runs)',
      'x-internal': false,
    } as OpenAPIObject['servers'] extends (infer S)[] | undefined ? S : never,
  ];
  documentHttpLayerAnswers(document);
  boundFormattedStrings(document);
  return document;
}

/** Swagger UI at /api/docs, the JSON spec at /api/docs-json. */
export function registerOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup(API_DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
    customSiteTitle: 'Tally API',
    swaggerOptions: { persistAuthorization: true },
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
      for (const parameter of operation.parameters ?? []) {
        // The router refuses a longer path part (414), whatever the route.
        const schema = 'in' in parameter && parameter.in === 'path' ? parameter.schema : undefined;
        if (schema && 'type' in schema && schema.type === 'string') schema.maxLength ??= MAX_PARAM_LENGTH;
      }
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
      documentRateLimitHeaders(operation.responses);
    }
  }
}

/**
 * The headers rate limiting sends, wherever they can be sent: Retry-After on every 429 (HttpErrorFilter
 * sets it from TooManyRequestsError) and 503 (when the error says how long; Fastify's own 503 while
 * shutting down has none), and on a throttled route (its success documents RateLimit, @Endpoint) the
 * RateLimit headers on every 4xx and 503 the throttle may have counted.
 */
function documentRateLimitHeaders(responses: OperationObject['responses']): void {
  const throttled = Object.entries(responses).some(
    ([status, response]) =>
      status.startsWith('2') && !!response && 'headers' in response && !!response.headers?.RateLimit,
  );
  for (const [status, response] of Object.entries(responses)) {
    if (!response || '$ref' in response) continue;
    if (status === '429') response.headers = { ...retryAfter(true, 'when the limit resets'), ...response.headers };
    if (status === '503') response.headers = { ...retryAfter(false, 'when the api knows'), ...response.headers };
    // A 503 too: the database can fail the request after the throttle has counted it.
    if (throttled && (status.startsWith('4') || status === '503'))
      response.headers = { ...RATE_LIMIT_HEADERS_IF_COUNTED, ...response.headers };
  }
}

/** The longest text of each string format the api sends or takes, whatever the field. */
const FORMAT_MAX_LENGTH: Record<string, number> = {
  // What IsInstant / IsTimeBound accept; the api's own are 24 (toISOString) to 29 (with an offset).
  'date-time': DATE_TIME_MAX_LENGTH,
  uuid: 36,
};

/**
 * Every string schema with a format of known length gets that bound (quality.md C3: no unbounded
 * string), once for all DTOs, so a new `date-time` field cannot be missed.
 */
function boundFormattedStrings(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(boundFormattedStrings);
  if (!node || typeof node !== 'object') return;
  const schema = node as { type?: unknown; format?: unknown; maxLength?: number };
  const max = typeof schema.format === 'string' ? FORMAT_MAX_LENGTH[schema.format] : undefined;
  if (schema.type === 'string' && max !== undefined) schema.maxLength ??= max;
  for (const value of Object.values(node)) boundFormattedStrings(value);
}
