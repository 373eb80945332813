import { CanActivate, Injectable } from '@nestjs/common';
import { UnauthorizedError } from '@tally/platform';

/**
 * PLACEHOLDER until the accounts issue lands: it rejects every request. The real guard verifies
 * the Bearer token (JWT access token bound to a live session, or a personal access token), sets
 * `request.user` to an AuthUser, and enforces roles and the method-derived scope.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  canActivate(): boolean {
    throw new UnauthorizedError('Authentication is required');
  }
}
