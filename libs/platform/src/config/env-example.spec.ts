import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema } from './config.schema';

/** Every setting is documented in .env.example, and .env.example documents nothing that does not exist. */
describe('.env.example', () => {
  const documented = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name));

  it('lists every variable of the config schema exactly once', () => {
    expect([...documented].sort()).toEqual(Object.keys(envSchema.shape).sort());
  });
});
