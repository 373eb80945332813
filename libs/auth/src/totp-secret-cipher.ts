import { Injectable } from '@nestjs/common';
import { AppConfig, InjectConfig } from '@tally/platform';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

interface Key {
  id: string;
  bytes: Buffer;
}

const VERSION = 'v1';

/**
 * Encrypts TOTP secrets at rest with AES-256-GCM. The key is TOTP_ENCRYPTION_KEY, or derived from
 * JWT_SECRET (HKDF, its own label) when that is unset. Each value names its key id, so during a
 * rotation values under the previous key still decrypt and are re-encrypted on their next use.
 */
@Injectable()
export class TotpSecretCipher {
  private readonly current: Key;
  private readonly keys: Key[];

  constructor(@InjectConfig() config: AppConfig) {
    const auth = config.auth;
    const currentSource = auth.totpKey ?? auth.jwtSecret;
    const previousSource = auth.totpKey ? auth.totpPreviousKey : auth.jwtPreviousSecret;
    this.current = this.key(currentSource);
    this.keys = [this.current, ...(previousSource ? [this.key(previousSource)] : [])];
  }

  encrypt(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, iv);
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      VERSION,
      this.current.id,
      iv.toString('base64url'),
      tag.toString('base64url'),
      data.toString('base64url'),
    ].join('.');
  }

  /** The secret, and whether it should be re-encrypted under the current key. */
  decrypt(stored: string): { secret: string; stale: boolean } {
    const [version, keyId, iv, tag, data] = stored.split('.');
    const key = this.keys.find((k) => k.id === keyId);
    if (version !== VERSION || !key || !iv || !tag || data === undefined)
      throw new Error('The stored TOTP secret cannot be decrypted with the configured keys');
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const secret = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    return { secret, stale: key !== this.current };
  }

  private key(source: string): Key {
    const bytes = Buffer.from(hkdfSync('sha256', source, 'tally', 'tally totp secret encryption', 32));
    return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes };
  }
}
