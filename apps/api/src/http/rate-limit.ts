import type { HeaderObject } from '@nestjs/swagger';

/**
 * The response headers rate limiting sends, as the OpenAPI document describes them: the IETF
 * RateLimit fields a throttled route (`@Endpoint({ throttled: true })`, AuthThrottlerGuard) sends
 * once it has counted the request, and Retry-After on a 429 or 503 (HttpErrorFilter).
 */
const rateLimit = (required: boolean): Record<string, HeaderObject> => ({
  RateLimit: {
    description:
      'What is left of each limit the request counted against (IETF draft-ietf-httpapi-ratelimit-headers): ' +
      '`"ip";r=19;t=840, "account";r=9;t=840`, r requests left, the window resets in t seconds' +
      (required ? '' : '. Sent when the request got as far as the throttle'),
    required,
    schema: { type: 'string', maxLength: 200, example: '"ip";r=19;t=840, "account";r=9;t=840' },
  },
  'RateLimit-Policy': {
    description:
      'The limits: `"ip";q=20;w=900, "account";q=10;w=900`, q requests per w seconds per client address and per ' +
      'account (AUTH_THROTTLE_* settings)' +
      (required ? '' : '. Sent when the request got as far as the throttle'),
    required,
    schema: { type: 'string', maxLength: 200, example: '"ip";q=20;w=900, "account";q=10;w=900' },
  },
});

/** On the answers of a request the throttle has counted: its success and its 429. */
export const RATE_LIMIT_HEADERS = rateLimit(true);

/** On a throttled route's other 4xx and 503: an answer given before the throttle ran (401, bad JSON) has none. */
export const RATE_LIMIT_HEADERS_IF_COUNTED = rateLimit(false);

export const retryAfter = (required: boolean, what: string): Record<string, HeaderObject> => ({
  'Retry-After': {
    description: `Seconds to wait before trying again (${what})`,
    required,
    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 86_400 },
  },
});
