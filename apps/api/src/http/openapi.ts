import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BODY_LIMIT_BYTES } from './json-body-parser';
import { MAX_PARAM_LENGTH } from './router-errors';

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
    // Relative: the document is served by the api it describes, wherever that is deployed.
    .addServer('/', 'The api serving this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Access token (JWT) or personal access token' })
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
  documentHttpLayerAnswers(document);
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
