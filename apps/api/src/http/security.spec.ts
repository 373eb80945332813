import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import { loadConfig } from '@tally/platform';
import { helmetHeaders, helmetOptions } from './security';

describe('security headers', () => {
  for (const env of ['development', 'production'] as const) {
    it(`are what @fastify/helmet sends with the same options (${env})`, async () => {
      const config = loadConfig({
        NODE_ENV: env,
        JWT_SECRET: 'x'.repeat(40),
        APP_URL: 'https://tally.example',
        BCRYPT_COST: '12',
      });
      const reference = Fastify();
      await reference.register(fastifyHelmet, helmetOptions(config));
      reference.get('/', () => 'ok');
      const response = await reference.inject({ method: 'GET', url: '/' });
      await reference.close();
      const expected = Object.fromEntries(
        Object.entries(response.headers).filter(
          ([name]) => !['content-type', 'content-length', 'date', 'connection'].includes(name),
        ),
      );
      expect(helmetHeaders(helmetOptions(config))).toEqual(expected);
    });
  }

  it('include what S11 asks for', () => {
    const headers = helmetHeaders(helmetOptions(loadConfig({ NODE_ENV: 'test' })));
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });
});
