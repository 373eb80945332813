import { Controller, Get, Post } from '@nestjs/common';
import { GUARDS_METADATA, HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { DECORATORS } from '@nestjs/swagger';
import { AUTH_OPTIONS, AuthThrottlerGuard } from '@tally/auth';
import { Endpoint } from './endpoint.decorator';

class ItemDto {}

@Controller('probe')
class ProbeController {
  @Get()
  @Endpoint({ summary: 'Read', auth: 'bearer', ok: ItemDto, errors: { 404: 'No such item' } })
  read() {}

  @Post()
  @Endpoint({ summary: 'Sign in', auth: 'session', throttled: true, noContent: 'Done', errors: { 403: 'Mine' } })
  write() {}

  @Post('public')
  @Endpoint({ summary: 'Anyone', auth: 'public', created: ItemDto })
  open() {}
}

const meta = (key: string, handler: keyof ProbeController) =>
  Reflect.getMetadata(key, ProbeController.prototype[handler]) as unknown;
const responses = (handler: keyof ProbeController) =>
  meta(DECORATORS.API_RESPONSE, handler) as Record<string, { description?: string; type?: unknown }>;

describe('@Endpoint', () => {
  it('sends the success status it documents', () => {
    expect(meta(HTTP_CODE_METADATA, 'read')).toBe(200);
    expect(meta(HTTP_CODE_METADATA, 'write')).toBe(204);
    expect(meta(HTTP_CODE_METADATA, 'open')).toBe(201);
    expect(responses('read')['200']).toMatchObject({ type: ItemDto });
    expect(responses('write')['204']).toMatchObject({ description: 'Done' });
  });

  it('guards and documents who may call, in one place', () => {
    expect(meta(AUTH_OPTIONS, 'read')).toMatchObject({ sessionOnly: false });
    expect(meta(AUTH_OPTIONS, 'write')).toMatchObject({ sessionOnly: true });
    expect(meta(AUTH_OPTIONS, 'open')).toBeUndefined();
    expect(meta(GUARDS_METADATA, 'open')).toBeUndefined();
    expect(meta(DECORATORS.API_SECURITY, 'read')).toEqual([{ bearer: [] }]);
    expect(Object.keys(responses('read'))).toEqual(['200', '401', '403', '404']);
    expect(Object.keys(responses('open'))).toEqual(['201']);
  });

  it('checks the caller before the throttle counts the attempt against their account', () => {
    const guards = meta(GUARDS_METADATA, 'write') as unknown[];
    expect(guards.at(-1)).toBe(AuthThrottlerGuard);
    expect(guards.length).toBeGreaterThan(1);
    expect(responses('write')['429']?.description).toMatch(/Retry-After/);
  });

  it("lets a route's own words replace the default description of an error", () => {
    expect(responses('write')['403']?.description).toBe('Mine');
  });
});
