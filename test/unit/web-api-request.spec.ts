/** How the web client's typed API calls become URLs (apps/web/src/app/core/api/api-request.ts: no Angular import). */
import { expandPath, queryParams } from '../../apps/web/src/app/core/api/api-request';

describe('API request URLs (web)', () => {
  it('fills the path template of the OpenAPI document, percent-encoding each value', () => {
    expect(expandPath('/api/v1/health')).toBe('/api/v1/health');
    expect(expandPath('/api/v1/trackers/{id}/logs/{logId}', { id: 7, logId: 42 })).toBe('/api/v1/trackers/7/logs/42');
    expect(expandPath('/api/v1/things/{name}', { name: 'a/b c?' })).toBe('/api/v1/things/a%2Fb%20c%3F');
  });

  it('refuses a template with a parameter left out', () => {
    expect(() => expandPath('/api/v1/trackers/{id}', {})).toThrow('No value for {id} in /api/v1/trackers/{id}');
  });

  it('sends only the query parameters that have a value', () => {
    expect(queryParams()).toEqual({});
    expect(queryParams({ limit: 10, cursor: undefined, from: null, dryRun: false, tags: ['a', 'b'] })).toEqual({
      limit: 10,
      dryRun: false,
      tags: ['a', 'b'],
    });
  });
});
