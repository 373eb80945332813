import { parseConfig } from '@tally/platform';
import { TotpSecretCipher } from './totp-secret-cipher';

const cipherWith = (env: Record<string, string>) => new TotpSecretCipher(parseConfig(env));
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('TotpSecretCipher', () => {
  it('encrypts with a fresh IV each time and decrypts back', () => {
    const cipher = cipherWith({});
    const a = cipher.encrypt(SECRET);
    const b = cipher.encrypt(SECRET);
    expect(a).not.toBe(b);
    expect(a).not.toContain(SECRET);
    expect(a.length).toBeLessThanOrEqual(255);
    expect(cipher.decrypt(a)).toEqual({ secret: SECRET, stale: false });
  });

  it('refuses a tampered value (GCM authentication)', () => {
    const cipher = cipherWith({});
    const parts = cipher.encrypt(SECRET).split('.');
    parts[4] = Buffer.from('X'.repeat(32)).toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
  });

  it('keeps values under the previous key readable during a rotation, flagged for re-encryption', () => {
    const oldKey = 'o'.repeat(40);
    const newKey = 'n'.repeat(40);
    const before = cipherWith({ TOTP_ENCRYPTION_KEY: oldKey });
    const stored = before.encrypt(SECRET);
    const during = cipherWith({ TOTP_ENCRYPTION_KEY: newKey, TOTP_ENCRYPTION_KEY_PREVIOUS: oldKey });
    expect(during.decrypt(stored)).toEqual({ secret: SECRET, stale: true });
    const after = cipherWith({ TOTP_ENCRYPTION_KEY: newKey });
    expect(() => after.decrypt(stored)).toThrow(/cannot be decrypted with the configured keys/);
  });

  it('derives its key from JWT_SECRET when TOTP_ENCRYPTION_KEY is unset, and follows its rotation', () => {
    const stored = cipherWith({ JWT_SECRET: 'a'.repeat(40) }).encrypt(SECRET);
    const rotated = cipherWith({ JWT_SECRET: 'b'.repeat(40), JWT_SECRET_PREVIOUS: 'a'.repeat(40) });
    expect(rotated.decrypt(stored)).toEqual({ secret: SECRET, stale: true });
  });
});
