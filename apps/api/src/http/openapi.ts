import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { documentHttpLayerAnswers } from './http-layer';

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
