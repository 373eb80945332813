import { describeDocumentChanges, serializeDocument } from '../../scripts/api-contract';

describe('api contract diff (npm test names what changed in the OpenAPI document)', () => {
  const base = {
    openapi: '3.0.0',
    info: { title: 'Tally API', version: '1' },
    paths: {
      '/api/v1/trackers': { get: { operationId: 'list' }, post: { operationId: 'create' } },
      '/api/v1/me': { get: { operationId: 'me' } },
    },
    components: {
      schemas: { TrackerDto: { type: 'object', properties: { name: { type: 'string' } } } },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
  const copy = () => JSON.parse(JSON.stringify(base)) as typeof base & Record<string, unknown>;

  it('finds nothing in an equal document', () => {
    expect(describeDocumentChanges(base, copy())).toEqual([]);
  });

  it('names changed, added and removed operations and schemas', () => {
    const next = copy() as unknown as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
      info: unknown;
    };
    next.components.schemas.TrackerDto = { type: 'object', properties: { title: { type: 'string' } } };
    next.components.schemas.LogDto = { type: 'object' };
    next.paths['/api/v1/trackers']!.post = { operationId: 'create', deprecated: true };
    delete next.paths['/api/v1/me'];
    next.paths['/api/v1/logs'] = { get: { operationId: 'logs' } };
    next.info = { title: 'Tally API', version: '2' };
    expect(describeDocumentChanges(base, next)).toEqual([
      'changed  info',
      'changed  POST /api/v1/trackers',
      'added    GET /api/v1/logs',
      'changed  schema TrackerDto',
      'added    schema LogDto',
      'removed  GET /api/v1/me',
    ]);
  });

  it('notices a change of order alone, which changes the committed text', () => {
    const { '/api/v1/trackers': trackers, '/api/v1/me': me } = base.paths;
    const reordered = { ...copy(), paths: { '/api/v1/me': me, '/api/v1/trackers': trackers } };
    expect(serializeDocument(reordered)).not.toBe(serializeDocument(base));
    expect(describeDocumentChanges(base, reordered)).toEqual(['changed  the order of entries']);
  });
});
