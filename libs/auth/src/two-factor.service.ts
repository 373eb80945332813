import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  RedisClient,
  RuleViolationError,
  ServiceUnavailableError,
  UnauthorizedError,
} from '@tally/platform';
import { RecoveryCode } from './recovery-code.entity';
import { User } from './user.entity';
import { generateSecret, generateURI, verify } from 'otplib';
import { toDataURL } from 'qrcode';
import { randomInt } from 'node:crypto';
import { WrongTwoFactorCodeError } from './auth.errors';
import { PasswordHasher } from './password-hasher.service';
import { sha256 } from './secret-token';
import { TotpSecretCipher } from './totp-secret-cipher';

export const RECOVERY_CODE_COUNT = 10;
/** 32 symbols without look-alikes (0/O, 1/I): 5 bits each, 16 per code = 80 random bits. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const ISSUER = 'Tally';
/** One step either side of now (±30 s) for clocks that drift. */
const EPOCH_TOLERANCE_SECONDS = 30;

/** Longer than a code stays valid (30 s step + the tolerance either side). */
const TOTP_STEP_MEMORY_SECONDS = 180;

/** Accepts ARGV[1] only when it is later than the last accepted step (then remembers it): 1, else 0. */
const ACCEPT_TOTP_STEP = `local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) <= last then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1`;

type RedisWithTotp = RedisClient & { tallyTotpStep: (key: string, step: string, seconds: string) => Promise<number> };

export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
  qrCodeDataUrl: string;
}

const normalizeRecoveryCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

function newRecoveryCode(): string {
  const chars = Array.from({ length: 16 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/**
 * Optional TOTP two-factor authentication (RFC 6238, 6 digits, 30 s): enrolment with an otpauth
 * URI and QR code, confirmation with a first code, ten single-use recovery codes (SHA-256 at rest)
 * and replay protection (a code works once, even within its 30 s window, and no code older than
 * the last accepted one works at all).
 */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly em: EntityManager,
    private readonly cipher: TotpSecretCipher,
    private readonly passwords: PasswordHasher,
    private readonly redis: RedisClient,
  ) {
    if (!('tallyTotpStep' in redis)) redis.defineCommand('tallyTotpStep', { numberOfKeys: 1, lua: ACCEPT_TOTP_STEP });
  }

  /** Step 1: a new secret, stored (encrypted) but not yet in force. Needs the password. */
  async beginEnrolment(userId: number, password: string): Promise<TotpEnrolment> {
    const user = await this.load(userId);
    await this.passwords.check(password, user.password);
    if (user.totpEnabledAt)
      throw new ConflictError('Two-factor authentication is already on: turn it off first to enrol another device');
    const secret = generateSecret();
    user.totpSecret = this.cipher.encrypt(secret);
    await this.em.flush();
    const otpauthUrl = generateURI({ issuer: ISSUER, label: user.username, secret });
    return { secret, otpauthUrl, qrCodeDataUrl: await toDataURL(otpauthUrl, { margin: 1, width: 240 }) };
  }

  /** Step 2: the first code proves the app is set up; two-factor login is on from now. */
  async enable(userId: number, code: string): Promise<string[]> {
    const user = await this.load(userId);
    if (user.totpEnabledAt) throw new ConflictError('Two-factor authentication is already on');
    if (!user.totpSecret)
      throw new RuleViolationError('Start with POST /api/v1/auth/2fa/setup to get a secret for your app');
    if (!(await this.totpMatches(user, code))) throw new WrongTwoFactorCodeError();
    user.totpEnabledAt = new Date();
    const codes = await this.replaceRecoveryCodes(user);
    await this.em.flush();
    return codes;
  }

  async disable(userId: number, password: string, code: string): Promise<void> {
    const user = await this.confirmed(userId, password, code);
    user.totpSecret = null;
    user.totpEnabledAt = null;
    await this.em.nativeDelete(RecoveryCode, { user: user.id });
    await this.em.flush();
  }

  async regenerateRecoveryCodes(userId: number, password: string, code: string): Promise<string[]> {
    const user = await this.confirmed(userId, password, code);
    const codes = await this.replaceRecoveryCodes(user);
    await this.em.flush();
    return codes;
  }

  async isEnabled(userId: number): Promise<boolean> {
    const user = await this.em.findOne(User, userId, { fields: ['id', 'totpEnabledAt'] });
    return !!user?.totpEnabledAt;
  }

  async remainingRecoveryCodes(userId: number): Promise<number> {
    return this.em.count(RecoveryCode, { user: userId, usedAt: null });
  }

  /**
   * A current TOTP code or an unused recovery code of a user with two-factor on (loaded with
   * `totpSecret`). Uses the code up. The caller flushes (a secret under an old key is re-encrypted).
   */
  async verify(user: User, code: string): Promise<boolean> {
    if (!user.totpEnabledAt || !user.totpSecret) return false;
    if (/^\s*\d{3}\s?\d{3}\s*$/.test(code)) return this.totpMatches(user, code);
    const used = await this.em.nativeUpdate(
      RecoveryCode,
      { user: user.id, codeHash: sha256(normalizeRecoveryCode(code)), usedAt: null },
      { usedAt: new Date() },
    );
    return used === 1;
  }

  private async confirmed(userId: number, password: string, code: string): Promise<User> {
    const user = await this.load(userId);
    if (!user.totpEnabledAt) throw new ConflictError('Two-factor authentication is not on');
    await this.passwords.check(password, user.password);
    if (!(await this.verify(user, code))) throw new WrongTwoFactorCodeError();
    return user;
  }

  private async totpMatches(user: User, code: string): Promise<boolean> {
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token) || !user.totpSecret) return false;
    const { secret, stale } = this.cipher.decrypt(user.totpSecret);
    const result = await verify({ secret, token, epochTolerance: EPOCH_TOLERANCE_SECONDS });
    if (!result.valid || !('timeStep' in result)) return false;
    if (!(await this.firstUse(user.id, result.timeStep))) return false;
    if (stale) user.totpSecret = this.cipher.encrypt(secret);
    return true;
  }

  /**
   * A code is good once, and never after a newer one (quality.md S18): the last accepted time step
   * is remembered, and a step at or before it is refused, whichever code matched it. Remembered for
   * longer than any code stays valid (a step plus the tolerance either side); one atomic script.
   */
  private async firstUse(userId: number, timeStep: number): Promise<boolean> {
    try {
      const accepted = await (this.redis as RedisWithTotp).tallyTotpStep(
        `tally:auth:totp-last-step:${userId}`,
        String(timeStep),
        String(TOTP_STEP_MEMORY_SECONDS),
      );
      return accepted === 1;
    } catch {
      throw new ServiceUnavailableError('Two-factor codes cannot be checked right now; please retry shortly');
    }
  }

  private async replaceRecoveryCodes(user: User): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.em.nativeDelete(RecoveryCode, { user: user.id });
    for (const code of codes) this.em.create(RecoveryCode, { user, codeHash: sha256(normalizeRecoveryCode(code)) });
    return codes;
  }

  private async load(userId: number): Promise<User> {
    const user = await this.em.findOne(User, userId, { populate: ['password', 'totpSecret'] });
    if (!user) throw new UnauthorizedError('This account no longer exists');
    return user;
  }
}
