import { applyDecorators, HttpCode, Type, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiExtraModels,
  ApiOperation,
  ApiResponse,
  ApiResponseNoStatusOptions,
  ApiSecurity,
  getSchemaPath,
} from '@nestjs/swagger';
import { Authenticated, AuthThrottle, UserRole } from '@tally/auth';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '@tally/contracts';
import { ErrorResponseDto } from '@tally/platform';
import { RefreshCookieOrBearerGuard } from '../auth/refresh-cookie-or-bearer.guard';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN, IdempotencyInterceptor } from './idempotency.interceptor';
import { RATE_LIMIT_HEADERS, retryAfter } from './rate-limit';

/** The error answers a route can document, each in the one error shape (ErrorResponseDto). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;
type Errors = Partial<Record<ErrorStatus, string>>;

/**
 * Who may call a route. The guard and the OpenAPI security requirement come from this one value, so
 * they cannot disagree:
 * - `public`: anyone;
 * - `bearer`: an access token (JWT) or a personal access token with the scope the method needs
 *   (GET/HEAD `read`, anything else `write`);
 * - `session`: an access token only; personal access tokens are refused (routes that manage
 *   credentials, sessions, tokens or the account);
 * - `refresh-cookie`: the refresh cookie with the X-CSRF-Token header, both checked by the handler
 *   (AuthCookies);
 * - `refresh-cookie-or-bearer`: that pair, or without a refresh cookie a Bearer token, which
 *   RefreshCookieOrBearerGuard authenticates (logout).
 */
export type EndpointAuth = 'public' | 'bearer' | 'session' | 'refresh-cookie' | 'refresh-cookie-or-bearer';

/** A success answer: its body's DTO class, or the OpenAPI options (headers, several content types). */
export type Answer = Type<unknown> | ApiResponseNoStatusOptions;

type OneOf<T> = { [K in keyof T]: Pick<T, K> & { [Other in Exclude<keyof T, K>]?: never } }[keyof T];

/** The success status, which the route also sends (HttpCode), so the spec and the answer agree. */
type Success = OneOf<{ ok: Answer; created: Answer; accepted: Answer; noContent: string }>;

export type EndpointOptions = Success & {
  summary: string;
  description?: string;
  auth: EndpointAuth;
  /** Only these roles may call the route (with `bearer` or `session`). */
  roles?: UserRole[];
  /**
   * A sign-in style route (passwords, codes, emails): at most so many attempts per IP and per account
   * in a window, then 429 with Retry-After (AuthThrottlerGuard).
   */
  throttled?: boolean;
  /**
   * A create a client may retry safely: it takes an `Idempotency-Key` header, and a retry with the
   * same key and request gets the first answer instead of a second row (IdempotencyInterceptor).
   */
  idempotent?: boolean;
  /** What each error status means on this route: `{ 404: 'No such tracker' }`. */
  errors?: Errors;
};

const SUCCESS_STATUS = { ok: 200, created: 201, accepted: 202, noContent: 204 } as const;

/** One requirement naming both schemes: the cookie AND the header (two requirements would mean either). */
const REFRESH_COOKIE_AND_CSRF = { refresh: [], csrf: [] };

const THROTTLED = 'Too many attempts from this IP or for this account; Retry-After says when to try again';

const IDEMPOTENCY = {
  header: ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'Makes the request safe to retry: the first request with a key runs and its answer is kept 24 h; ' +
      'a retry with the same key and the same request gets that answer again and writes nothing. Keys are ' +
      'per user; a UUID per new request is a good key.',
    schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH, pattern: IDEMPOTENCY_KEY_PATTERN },
  }),
  errors: {
    400: 'an Idempotency-Key with characters or a length it may not have',
    409: 'a request with this Idempotency-Key is still being processed: retry in a moment',
    422: 'this Idempotency-Key was already used for a different request',
  } satisfies Errors,
};

/** Two meanings of one status on one route read as one sentence. */
function mergeErrors(own: Errors, extra: Errors): Errors {
  const merged: Errors = { ...extra };
  for (const [status, text] of Object.entries(own) as [`${ErrorStatus}`, string][]) {
    const other = extra[Number(status) as ErrorStatus];
    merged[Number(status) as ErrorStatus] =
      other && other !== text && !text.includes(other) ? `${text}; or: ${other}` : text;
  }
  return merged;
}

const UNAUTHORIZED = 'Missing, invalid, expired or revoked token';
const FORBIDDEN = {
  bearer: 'The token lacks the scope or role this route needs',
  session: 'Personal access tokens may not call this route, or the role does not allow it',
};

/** Error bodies are JSON whatever the route sends on success (an export's CSV, say). */
const errorAnswer = (status: number, description: string, headers?: ApiResponseNoStatusOptions['headers']) =>
  ApiResponse({
    status,
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } } },
  });

function successAnswer(options: EndpointOptions): MethodDecorator[] {
  const kind = (Object.keys(SUCCESS_STATUS) as (keyof typeof SUCCESS_STATUS)[]).find((k) => options[k] !== undefined);
  if (!kind) throw new Error(`@Endpoint({ summary: '${options.summary}' }) needs ok, created, accepted or noContent`);
  const status = SUCCESS_STATUS[kind];
  const answer = options[kind]!;
  const documented: ApiResponseNoStatusOptions =
    typeof answer === 'string' ? { description: answer } : typeof answer === 'function' ? { type: answer } : answer;
  // A throttled route's success carries the RateLimit headers the throttle sent (AuthThrottlerGuard).
  const headers = options.throttled ? { ...documented.headers, ...RATE_LIMIT_HEADERS } : documented.headers;
  return [
    HttpCode(status),
    ApiResponse({ ...documented, ...(headers ? { headers } : {}), status } as Parameters<typeof ApiResponse>[0]),
  ];
}

/** The guard and security requirement of `auth`, and the errors they can answer. */
function access(options: EndpointOptions): { decorators: MethodDecorator[]; errors: Errors } {
  switch (options.auth) {
    case 'public':
      return { decorators: [], errors: {} };
    case 'bearer':
    case 'session':
      return {
        decorators: [Authenticated({ sessionOnly: options.auth === 'session', roles: options.roles }), ApiBearerAuth()],
        errors: { 401: UNAUTHORIZED, 403: FORBIDDEN[options.auth] },
      };
    case 'refresh-cookie':
      return { decorators: [ApiSecurity(REFRESH_COOKIE_AND_CSRF)], errors: {} };
    case 'refresh-cookie-or-bearer':
      return {
        decorators: [UseGuards(RefreshCookieOrBearerGuard), ApiBearerAuth(), ApiSecurity(REFRESH_COOKIE_AND_CSRF)],
        errors: {},
      };
  }
}

/**
 * Every route wears this one decorator: what it does (summary), who may call it (the guard and the
 * security requirement), what it answers on success (the status it sends and its body) and what each
 * error means, all documented in OpenAPI with the one error shape. Errors the HTTP layer can give on
 * any route (bad JSON, 413, 415, 414, 503) are added to the spec once, by documentHttpLayerAnswers.
 *
 * ```ts
 * @Get(':id')
 * @Endpoint({ summary: 'One tracker', auth: 'bearer', ok: TrackerDto, errors: { 404: 'No such tracker' } })
 * ```
 */
export function Endpoint(options: EndpointOptions): MethodDecorator {
  const { summary, description } = options;
  const who = access(options);
  const throttle = options.throttled ? { decorators: [AuthThrottle()], errors: { 429: THROTTLED } } : undefined;
  // A route's own words replace the defaults (e.g. a 403 that means a wrong CSRF token).
  const own: Errors = { ...who.errors, ...throttle?.errors, ...options.errors };
  const errors = options.idempotent ? mergeErrors(own, IDEMPOTENCY.errors) : own;
  return applyDecorators(
    ApiOperation({
      summary,
      ...(description === undefined ? {} : { description }),
      // A public route says so (`security: []`) rather than saying nothing, which readers and linters
      // cannot tell from a forgotten requirement.
      ...(options.auth === 'public' ? { security: [] } : {}),
    }),
    // The guards run in this order: who is calling first, then the throttle (which counts per account).
    ...who.decorators,
    ...(throttle?.decorators ?? []),
    ...(options.idempotent ? [IDEMPOTENCY.header, UseInterceptors(IdempotencyInterceptor)] : []),
    ...successAnswer(options),
    ApiExtraModels(ErrorResponseDto),
    ...Object.entries(errors).map(([status, text]) =>
      errorAnswer(
        Number(status),
        text,
        status === '429' && throttle
          ? { ...RATE_LIMIT_HEADERS, ...retryAfter(true, 'when the limit resets') }
          : undefined,
      ),
    ),
  );
}
