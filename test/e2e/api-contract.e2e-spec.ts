import { randomUUID } from 'node:crypto';
import {
  describeDocumentChanges,
  readCommittedContract,
  serializeDocument,
  type ContractFiles,
} from '../../scripts/api-contract';
import { checkAnswer, committedDocument, OpenApiValidator } from '../support/contract-check';
import { listOperations, loadOpenApi } from '../support/openapi';
import { RunningApp, startApi } from '../support/test-app';
import { testConfig } from '../support/test-config';

/**
 * The contract the web client is typed with (libs/contracts, written by `npm run api:generate`)
 * is what the running api serves: a DTO or route changed without regenerating fails here, naming
 * the operations and schemas that differ. And what the api sends is what the document says, read
 * under OpenAPI 3.0's own rules by a validator other than the generator (quality.md C2): every
 * api the e2e suites start checks each answer it sends (test/support/contract-check.ts); the
 * checks themselves are shown to fail here.
 */
describe('api contract (libs/contracts against the running api)', () => {
  let api: RunningApp;
  let committed: ContractFiles;

  beforeAll(async () => {
    committed = readCommittedContract()!;
    expect(committed).not.toBeNull();
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('commits exactly the OpenAPI document /api/docs-json serves', async () => {
    const live = await loadOpenApi(api);
    // Run `npm run api:generate` and commit libs/contracts when this lists anything.
    expect(describeDocumentChanges(JSON.parse(committed.document), live)).toEqual([]);
    expect(serializeDocument(live)).toBe(committed.document);
  });

  it('reads nullable as OpenAPI 3.0 does: only beside a type, so a nullable $ref still refuses null', () => {
    const document = committedDocument();
    const validator = new OpenApiValidator(document);
    const log = {
      id: 1,
      trackerId: 2,
      loggedAt: '2025-03-09T13:30:00.000Z',
      value: null,
      description: 'a note',
      emotion: null,
      reminderMessage: null,
      reminderAt: null,
      reminderSentAt: null,
      createdAt: '2025-03-09T13:30:00.000Z',
      updatedAt: '2025-03-09T13:30:00.000Z',
    };
    const logDto = { $ref: '#/components/schemas/LogDto' };
    expect(validator.validate('log', logDto, log)).toEqual([]);
    expect(validator.validate('log', logDto, { ...log, emotion: 'calm' })).toEqual([]);
    expect(validator.validate('log', logDto, { ...log, emotion: 'bored' })[0]).toMatch(/emotion/);
    // A field the document does not name is refused too.
    expect(validator.validate('log', logDto, { ...log, secret: 1 })[0]).toMatch(/additional/);

    // The shape @nestjs/swagger wrote before (issue 9, item 11): `nullable` beside an `allOf`, no type.
    const before = structuredClone(document);
    before.components!.schemas!.Emotion = { type: 'string', enum: ['calm'] };
    before.components!.schemas!.LogDto = structuredClone(before.components!.schemas!.LogDto!);
    (before.components!.schemas!.LogDto as { properties: Record<string, unknown> }).properties.emotion = {
      nullable: true,
      allOf: [{ $ref: '#/components/schemas/Emotion' }],
    };
    expect(new OpenApiValidator(before).validate('log', logDto, log)[0]).toMatch(/emotion/);
  });

  it('finds an undocumented status, a body off the schema and an undocumented rate-limit header', () => {
    const validator = new OpenApiValidator(committedDocument());
    const op = listOperations(committedDocument()).find((o) => o.key === 'GET /api/v1/me')!;
    const json = { 'content-type': 'application/json; charset=utf-8' };
    expect(checkAnswer(validator, op, { status: 418, headers: json, body: '{}' })).toEqual([
      'status 418 is not documented for GET /api/v1/me',
    ]);
    expect(checkAnswer(validator, op, { status: 200, headers: json, body: '{"id":"x"}' })[0]).toMatch(
      /does not match the document/,
    );
    const error = JSON.stringify({ statusCode: 401, error: 'Unauthorized', message: 'no' });
    expect(checkAnswer(validator, op, { status: 401, headers: json, body: error })).toEqual([]);
    expect(
      checkAnswer(validator, op, { status: 401, headers: { ...json, ratelimit: '"ip";r=1;t=9' }, body: error }),
    ).toEqual(['the header ratelimit is sent but not documented for this answer']);
  });

  it('checks every answer the api sends (the hook every e2e suite gets from startApi)', async () => {
    const before = api.contract.checked;
    expect((await api.request('/api/v1/health')).status).toBe(200);
    expect((await api.request('/api/v1/me')).status).toBe(401);
    expect((await api.request('/api/v1/no-such-route')).status).toBe(404);
    expect(api.contract.checked - before).toBe(3);
    expect(api.contract.problems).toEqual([]);
  });
});

describe('rate limits (quality.md C3): a throttled route sends the headers it documents', () => {
  let api: RunningApp;

  beforeAll(async () => {
    api = await startApi(
      testConfig({
        AUTH_THROTTLE_IP_LIMIT: '100000',
        AUTH_THROTTLE_ACCOUNT_LIMIT: '3',
        AUTH_THROTTLE_WINDOW_SECONDS: '60',
        AUTH_THROTTLE_BLOCK_SECONDS: '60',
      }),
    );
  });
  // close() fails if any answer below did not match the document, its headers included.
  afterAll(() => api?.close());

  it('counts down RateLimit per IP and per account, then answers 429 with Retry-After', async () => {
    const email = `limits-${randomUUID()}@example.com`;
    const send = () => api.request('/api/v1/auth/forgot-password', { method: 'POST', json: { email } });
    for (const left of [2, 1, 0]) {
      const res = await send();
      expect(res.status).toBe(202);
      expect(res.headers.get('ratelimit-policy')).toBe('"ip";q=100000;w=60, "account";q=3;w=60');
      expect(res.headers.get('ratelimit')).toMatch(new RegExp(`^"ip";r=\\d+;t=\\d+, "account";r=${left};t=\\d+$`));
    }
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit')).toMatch(/"account";r=0;t=\d+$/);
    console.log(
      `C3 rate limits: 202 ×3 then 429; RateLimit-Policy: ${refused.headers.get('ratelimit-policy')}; ` +
        `RateLimit: ${refused.headers.get('ratelimit')}; Retry-After: ${refused.headers.get('retry-after')}`,
    );
    expect(api.contract.problems).toEqual([]);
  });
});
