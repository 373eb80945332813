import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto, UserRole } from '@tally/platform';
import { AccessGuard } from './access.guard';

export const AUTH_OPTIONS = 'tally:auth-options';

export interface AuthenticatedOptions {
  /** Only these roles may call the route (default: any signed-in user). */
  roles?: UserRole[];
}

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
    ApiForbiddenResponse({ type: ErrorResponseDto, description: 'The token lacks the scope or role this route needs' }),
  );
