import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsEmailAddress, IsNewPassword, IsTimeZone } from './validators';

class Sample {
  @IsNewPassword()
  password!: string;

  @IsEmailAddress()
  email!: string;

  @IsTimeZone()
  timezone!: string;
}

function problems(input: Partial<Record<keyof Sample, unknown>>): Record<string, string[]> {
  const value = plainToInstance(Sample, { password: 'long enough', email: 'a@b.example', timezone: 'UTC', ...input });
  return Object.fromEntries(validateSync(value).map((e) => [e.property, Object.values(e.constraints ?? {})]));
}

describe('account validators', () => {
  it('accepts passwords of 8 characters up to 72 bytes, counting UTF-8 bytes', () => {
    expect(problems({ password: 'a'.repeat(72) })).toEqual({});
    expect(problems({ password: 'é'.repeat(36) })).toEqual({}); // 72 bytes
    expect(problems({ password: 'é'.repeat(37) }).password).toEqual([expect.stringMatching(/at most 72 bytes/)]);
    expect(problems({ password: '1234567' }).password).toEqual([expect.stringMatching(/at least 8 characters/)]);
    // Eight emoji are eight characters (32 bytes): long enough.
    expect(problems({ password: '🔑'.repeat(8) })).toEqual({});
  });

  it('lower-cases and trims emails before checking them', () => {
    const value = plainToInstance(Sample, { password: 'long enough', email: '  Ada@Example.COM ', timezone: 'UTC' });
    expect(validateSync(value)).toEqual([]);
    expect(value.email).toBe('ada@example.com');
  });

  it('names the field when a time zone is unknown', () => {
    expect(problems({ timezone: 'Nowhere/Land' }).timezone).toEqual([expect.stringMatching(/IANA time zone/)]);
  });
});
