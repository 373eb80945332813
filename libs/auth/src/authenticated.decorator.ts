import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '@tally/platform';
import { AccessGuard } from './access.guard';
import { AUTH_OPTIONS, AuthenticatedOptions } from './auth-options';

export { AUTH_OPTIONS } from './auth-options';
export type { AuthenticatedOptions } from './auth-options';

/**
 * Every protected route wears this one decorator: it applies the access guard (Bearer JWT or
 * personal access token) and documents the security requirement and the 401/403 answers in OpenAPI.
 * The scope a personal access token needs follows the HTTP method: GET/HEAD need `read`, every
 * other method needs `write`.
 */
export const Authenticated = (options: AuthenticatedOptions = {}) =>
  applyDecorators(
    SetMetadata(AUTH_OPTIONS, options),
    UseGuards(AccessGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing, invalid, expired or revoked token' }),
    ApiForbiddenResponse({
      type: ErrorResponseDto,
      description: options.sessionOnly
        ? 'Personal access tokens may not call this route, or the role does not allow it'
        : 'The token lacks the scope or role this route needs',
    }),
  );
