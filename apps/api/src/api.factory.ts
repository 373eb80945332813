import fastifyCookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { MikroORM } from '@mikro-orm/core';
import { AppConfig, requestId, runInLazyRequestContext } from '@tally/platform';
import type { FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { BODY_LIMIT_BYTES, registerJsonBodyParser } from './http/json-body-parser';
import { buildOpenApiDocument, registerOpenApi } from './http/openapi';
import { MAX_PARAM_LENGTH, routerErrorHandler } from './http/router-errors';
import { registerSecurityHeaders } from './http/security';
import { registerWebClient } from './http/web-client';
import { registerQueueBoard } from './admin/queue-board';

/** Builds the HTTP app, ready to listen. main.ts and the e2e tests share it. */
export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: config.http.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: routerErrorHandler,
    // Shutdown lets in-flight requests finish and closes the rest (drainOnClose).
    // A client must send its whole request (an import's upload too) in this time, or gets 408;
    // Fastify's default is no limit at all (quality.md R11).
    requestTimeout: config.http.requestTimeoutMs,
    return503OnClosing: true,
    genReqId: requestId,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const fastify = app.getHttpAdapter().getInstance();
  const orm = app.get(MikroORM);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    // Everything after this hook runs in the request's MikroORM context (forked on first use).
    runInLazyRequestContext(orm, done);
  });
  drainOnClose(fastify);
  registerSecurityHeaders(app, config);
  registerJsonBodyParser(app);
  // Refresh and CSRF cookies (apps/api/src/auth/auth-cookies.ts); unsigned: their values are random.
  await app.register(fastifyCookie);
  // Imports arrive as one multipart file; its own limit (IMPORT_MAX_MB) replaces the JSON body limit.
  await app.register(multipart, {
    limits: { fileSize: config.data.importMaxBytes, files: 1, fields: 10, parts: 11 },
  });
  configureRoutes(app);
  registerOpenApi(app);
  await registerQueueBoard(app, config);
  await registerWebClient(app, config.http.webRoot);
  app.enableShutdownHooks();
  await app.init();
  return app;
}

/** Every route under /api/v1: the global prefix and URI versioning. The served app and the contract share it. */
function configureRoutes(app: NestFastifyApplication): void {
  app.setGlobalPrefix('api');
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
}

/**
 * The OpenAPI document the app serves at /api/docs-json, built without connecting to anything:
 * in Nest's preview mode modules and controllers are registered (all the document is made from)
 * but no provider is instantiated, so neither MariaDB nor Redis is needed. `npm run api:generate`
 * writes it to libs/contracts; an e2e test checks it equals what the running app serves.
 */
export async function createApiDocument(config: AppConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  try {
    configureRoutes(app);
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/**
 * Graceful shutdown that ends: once closing starts (SIGTERM), idle keep-alive connections are
 * closed, and every answer still being sent says `Connection: close`, so each connection ends
 * with its last in-flight request instead of idling on until the keep-alive timeout (72 s) holds
 * the process past its grace period. New requests meanwhile get Fastify's 503 (return503OnClosing).
 */
function drainOnClose(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    fastify.server.closeIdleConnections();
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}
