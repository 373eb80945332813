import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ConnectionException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { FastifyReply } from 'fastify';
import { DomainError, ErrorDetail, STATUS_BY_KIND, TooManyRequestsError } from './domain.error';
import { errorBody } from './error-response';
import { isRedisUnavailable } from '../redis/redis.module';
import { ValidationFailedException } from './validation';

interface Rendered {
  status: number;
  message: string;
  details?: ErrorDetail[];
  headers?: Record<string, string>;
}

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large) carry these fields. */
interface FastifyClientError {
  statusCode: number;
  code?: string;
  message: string;
}

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but Content-Type is application/json',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported Content-Type: send application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body',
};

function isFastifyClientError(error: unknown): error is FastifyClientError {
  const status = (error as FastifyClientError)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * MariaDB away or restarting: no connection (refused, reset, lost mid-query, timed out, too many),
 * a closed connection reused, the server shutting down, or no pooled connection free in time.
 */
function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? '';
  if (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'PROTOCOL_CONNECTION_LOST',
      'ER_CON_COUNT_ERROR',
      'ER_SERVER_SHUTDOWN',
      'ER_CONNECTION_KILLED',
    ].includes(code)
  )
    return true;
  const name = (error as { name?: string })?.name ?? '';
  const message = (error as { message?: string })?.message ?? '';
  return (
    name === 'KnexTimeoutError' ||
    /^Can't add new command when connection is in closed state|^Knex: Timeout acquiring a connection/.test(message)
  );
}

/**
 * The single place errors become HTTP responses, always in the shape of product.md §2.
 * Known errors map to their status; anything unexpected is logged and answered with a bare 500
 * (no stack trace, no SQL).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, message, details, headers } = this.render(exception);
    if (status === 503) this.logger.warn(exception instanceof Error ? exception.message : String(exception));
    else if (status >= 500)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : exception);
    if (headers) void reply.headers(headers);
    void reply.status(status).send(errorBody(status, message, details));
  }

  private render(exception: unknown): Rendered {
    if (exception instanceof DomainError) {
      const rendered: Rendered = {
        status: STATUS_BY_KIND[exception.kind],
        message: exception.message,
        details: exception.details,
      };
      if (exception instanceof TooManyRequestsError)
        rendered.headers = { 'retry-after': String(exception.retryAfterSeconds) };
      return rendered;
    }
    if (exception instanceof ValidationFailedException) {
      return { status: 400, message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
      return { status: exception.getStatus(), message };
    }
    if (exception instanceof UniqueConstraintViolationException) {
      return { status: 409, message: 'This conflicts with something that already exists' };
    }
    if (exception instanceof ConnectionException || isConnectionFailure(exception)) {
      return {
        status: 503,
        message: 'The service is temporarily unavailable; please retry shortly',
        headers: { 'retry-after': '5' },
      };
    }
    if (isRedisUnavailable(exception)) {
      return {
        status: 503,
        message: 'The service is temporarily unavailable (its cache cannot be reached); please retry shortly',
        headers: { 'retry-after': '5' },
      };
    }
    if (isFastifyClientError(exception)) {
      const message = (exception.code && FASTIFY_MESSAGES[exception.code]) || 'The request could not be read';
      return { status: exception.statusCode, message };
    }
    return { status: 500, message: 'Something went wrong on our side; it has been logged' };
  }
}
