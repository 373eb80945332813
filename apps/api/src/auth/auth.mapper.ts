import type { SignedIn, Session } from '@tally/auth';
import { mapProfile } from '../me/profile.dto';
import type { LoginResponseDto, SessionDto } from './auth.dto';

export function mapSignedIn(signedIn: SignedIn): LoginResponseDto {
  return {
    accessToken: signedIn.accessToken,
    tokenType: 'Bearer',
    expiresIn: signedIn.expiresIn,
    user: mapProfile(signedIn.user),
  };
}

export function mapSession(session: Session, currentSessionId: string | null): SessionDto {
  return {
    id: session.id,
    createdAt: session.createdAt,
    lastUsedAt: session.lastUsedAt,
    expiresAt: session.expiresAt,
    ip: session.ip,
    userAgent: session.userAgent,
    current: session.id === currentSessionId,
  };
}
