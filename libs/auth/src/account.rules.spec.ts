import { canonicalTimeZone } from './account.rules';

describe('account rules', () => {
  it('knows IANA time zones and returns their canonical spelling', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    for (const bad of ['Mars/Base', '', '../etc/passwd', 'Europe/Berlin; DROP TABLE', 42, null])
      expect(canonicalTimeZone(bad)).toBeNull();
  });
});
