import { canonicalTimeZone, utf8Length } from './account.rules';

describe('account rules', () => {
  it('counts UTF-8 bytes, as bcrypt reads them', () => {
    expect(utf8Length('a')).toBe(1);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('🔑')).toBe(4);
  });

  it('knows IANA time zones and returns their canonical spelling', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    for (const bad of ['Mars/Base', '', '../etc/passwd', 'Europe/Berlin; DROP TABLE', 42, null])
      expect(canonicalTimeZone(bad)).toBeNull();
  });
});
