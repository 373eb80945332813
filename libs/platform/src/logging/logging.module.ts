import { Module, RequestMethod } from '@nestjs/common';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { LevelWithSilent } from 'pino';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { startTime } from 'pino-http';
import { APP_CONFIG, AppConfig } from '../config';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Reuses a sane incoming X-Request-Id (from a proxy) or makes a new one. */
export function requestId(req: { headers: IncomingHttpHeaders }): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** pino-http sees the raw request, which Fastify has already given its id (FastifyAdapter genReqId). */
const existingRequestId = (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? requestId(req);

/** A read that succeeded within this time is routine: logged at debug, not info. */
export const ROUTINE_READ_MS = 500;

/**
 * error for 5xx, warn for 4xx, debug for a quick successful GET/HEAD (the bulk of the traffic, which
 * at info cost a log line per request, quality.md P1), info for every other request: writes, and
 * reads slower than ROUTINE_READ_MS, so a slow endpoint still shows at the default level.
 */
export function requestLogLevel(req: IncomingMessage, res: ServerResponse, error?: Error): LevelWithSilent {
  if (error || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  const read = req.method === 'GET' || req.method === 'HEAD';
  const started = (res as ServerResponse & { [startTime]?: number })[startTime];
  return read && started !== undefined && Date.now() - started < ROUTINE_READ_MS ? 'debug' : 'info';
}

/** Structured JSON logs (pino) with a request id on every line; secrets redacted. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.logLevel,
          genReqId: existingRequestId,
          redact: {
            paths: [
              'req.headers.authorization',
              'req.headers.cookie',
              'res.headers["set-cookie"]',
              'req.headers["x-csrf-token"]',
            ],
            censor: '[redacted]',
          },
          customLogLevel: requestLogLevel,
          autoLogging: { ignore: (req) => req.url === '/api/v1/health' },
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        },
      }),
    }),
  ],
  exports: [LoggerModule],
})
export class LoggingModule {}
