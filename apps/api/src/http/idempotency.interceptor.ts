import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { AuthUser, IdempotencyService, sha256 } from '@tally/auth';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '@tally/contracts';
import { BadRequestError } from '@tally/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, of } from 'rxjs';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Visible ASCII (a UUID, say), 1 to IDEMPOTENCY_KEY_MAX_LENGTH characters. */
export const IDEMPOTENCY_KEY_PATTERN = `^[\\x21-\\x7E]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`;
const KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/**
 * `Idempotency-Key` on a create (@Endpoint({ idempotent: true }); quality.md R10). Without the
 * header the route runs as usual. With it, the first request runs and its answer is stored in
 * MySQL (IdempotencyService); a retry with the same key, method, path and body gets the stored
 * answer and writes nothing; the same key with another request is 422, and a retry while the first
 * still runs is 409. Runs after the guards, so keys are the caller's own.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly keys: IdempotencyService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: AuthUser }>();
    const reply = http.getResponse<FastifyReply>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !request.user) return next.handle();
    const key = Array.isArray(header) ? header.join(', ') : header;
    if (!KEY.test(key))
      throw new BadRequestError(
        `${IDEMPOTENCY_KEY_HEADER} must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters (a UUID, say)`,
        [{ field: IDEMPOTENCY_KEY_HEADER, message: 'Idempotency-Key has characters or a length it may not have' }],
      );
    const requestHash = sha256(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`);
    const claim = await this.keys.claim(request.user.id, key, requestHash);
    if (claim.kind === 'replay') {
      void reply.status(claim.status);
      return of(claim.body);
    }
    return next.handle().pipe(
      catchError((error: unknown) =>
        // The request failed: nothing was written, the key may be used again.
        from(
          this.keys
            .release(claim.id)
            .catch(() => undefined)
            .then(() => {
              throw error;
            }),
        ),
      ),
      // It ran: its answer is stored (or kept until it can be), never released.
      mergeMap((body: unknown) => from(this.keys.complete(claim.id, reply.statusCode, body).then(() => body))),
    );
  }
}
