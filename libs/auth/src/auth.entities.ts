import { ApiToken } from './api-token.entity';
import { IdempotencyKey } from './idempotency-key.entity';
import { LoginEvent } from './login-event.entity';
import { OneTimeToken } from './one-time-token.entity';
import { RecoveryCode } from './recovery-code.entity';
import { Session } from './session.entity';
import { User } from './user.entity';

/** The tables auth owns: accounts, login history, sessions and tokens, and the idempotency keys of their requests. */
export const AUTH_ENTITIES = [User, LoginEvent, Session, ApiToken, OneTimeToken, RecoveryCode, IdempotencyKey];
