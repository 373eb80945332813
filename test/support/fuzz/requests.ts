import type { ParameterObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import fc from 'fast-check';
import { Operation, resolveSchema } from '../openapi';
import {
  hostileString,
  hostileValue,
  INJECTION_FRAGMENTS,
  nested,
  rawJson,
  RAW_NUMBER_LITERALS,
  schemaValue,
  stringifyWithRaw,
  unknownFieldName,
  ValueContext,
} from './values';

/**
 * One generated request, still symbolic where it refers to live data ("the 3rd real tracker"):
 * the runner resolves it against the fixtures as they are when it is sent, so deleted resources
 * are replaced and new ones join in.
 */
export interface FuzzRequest {
  op: string;
  auth: AuthChoice;
  path: PathChoice;
  query: QueryChoice;
  body: BodyChoice;
  headers: Array<[string, string]>;
}

export type AuthChoice =
  | { kind: 'owner' }
  | { kind: 'none' }
  | { kind: 'read-token' }
  | { kind: 'write-token' }
  /** The refresh cookie (and CSRF header) of a spare session: refresh and logout use cookies. */
  | { kind: 'spare-cookie'; pick: number; csrf: 'match' | 'missing' | 'wrong' }
  | { kind: 'header'; authorization: string };

export type PathChoice =
  /** Ids of the fuzzing user's own resources, consistent with each other (a log of that tracker). */
  | { kind: 'real'; pick: number }
  /** Another user's resource: must be a 404. */
  | { kind: 'foreign'; pick: number }
  | { kind: 'raw'; segments: RawSegment[] };

export interface RawSegment {
  text: string;
  /** Percent-encode it (lone surrogates become invalid UTF-8 bytes), or put it in the URL as it is. */
  encode: boolean;
}

export type QueryChoice = { kind: 'pairs'; pairs: Array<[string, string]> } | { kind: 'raw'; text: string };

export type BodyChoice =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; contentType: string }
  | { kind: 'text'; text: string; contentType: string | null }
  | { kind: 'multipart'; boundary: string; parts: MultipartPart[]; end: 'proper' | 'missing' | 'garbage' }
  | { kind: 'huge'; kilobytes: number; contentType: string };

export interface MultipartPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  content: string;
}

export interface RequestPolicy {
  /** The real password may be sent (only where a right password cannot end the session or account). */
  realPassword: boolean;
  /** Never send the owner's access token: the route would end the fuzzing session. */
  keepSessionAlive: boolean;
}

export interface ImportSamples {
  csv: string;
  json: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** CESU-8 bytes of a lone surrogate, percent-encoded: not valid UTF-8. */
const cesu8 = (surrogate: string): string => {
  const code = surrogate.charCodeAt(0);
  return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
    .map((byte) => `%${byte.toString(16).toUpperCase()}`)
    .join('');
};

/** `encodeURIComponent` that does not throw on lone surrogates: they become invalid UTF-8 bytes. */
export function percentEncode(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(LONE_SURROGATE)) {
    out += encodeURIComponent(text.slice(last, match.index)) + cesu8(match[0]);
    last = match.index + match[0].length;
  }
  return out + encodeURIComponent(text.slice(last));
}

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length]!;

const garbageAuthorization = fc.oneof(
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Bearer null',
    'Bearer undefined',
    'bearer x',
    'Basic YWRtaW46YWRtaW4=',
    'Token abc',
    // alg: none, and a well-formed but forged HS256 token
    'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIiwic2lkIjoieCJ9.',
    'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
    'Bearer tally_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'Bearer tally_pat_',
    'Bearer a.b.c',
    'Bearer ....',
  ),
  hostileString.map((s) => `Bearer ${s}`),
  fc.constantFrom(1000, 20_000).map((n) => `Bearer ${'A'.repeat(n)}`),
);

const authChoice = (policy: RequestPolicy): fc.Arbitrary<AuthChoice> => {
  const spareCookie = fc.record({
    kind: fc.constant('spare-cookie' as const),
    pick: fc.nat(),
    csrf: fc.constantFrom('match' as const, 'missing' as const, 'wrong' as const),
  });
  const others: Array<fc.WeightedArbitrary<AuthChoice>> = [
    { arbitrary: fc.constant({ kind: 'none' } as const), weight: 4 },
    { arbitrary: fc.constant({ kind: 'read-token' } as const), weight: 5 },
    { arbitrary: fc.constant({ kind: 'write-token' } as const), weight: 5 },
    {
      arbitrary: garbageAuthorization.map((authorization) => ({ kind: 'header' as const, authorization })),
      weight: 6,
    },
  ];
  return policy.keepSessionAlive
    ? fc.oneof({ arbitrary: spareCookie, weight: 40 }, ...others)
    : fc.oneof(
        { arbitrary: fc.constant({ kind: 'owner' } as const), weight: 78 },
        { arbitrary: spareCookie, weight: 2 },
        ...others,
      );
};

/** Path ids: numbers of every shape, and strings meant to confuse the router and the pipes. */
const rawSegment: fc.Arbitrary<RawSegment> = fc.oneof(
  {
    arbitrary: fc
      .oneof(
        fc.integer({ min: -5, max: 100_000 }).map(String),
        fc.constantFrom('0', '-1', '00001', '1.0', '1e3', '0x1f', ' 1', '1 ', '+1', '4294967295', '4294967296'),
        fc.constantFrom('9007199254740993', '99999999999999999999999', '1'.repeat(101), 'NaN', 'Infinity', 'null'),
        fc.uuid(),
      )
      .map((text) => ({ text, encode: true })),
    weight: 5,
  },
  { arbitrary: hostileString.map((text) => ({ text, encode: true })), weight: 4 },
  {
    arbitrary: fc
      .constantFrom(
        '..',
        '.',
        '%',
        '%zz',
        '%00',
        '%2F',
        '%2e%2e',
        '1;drop',
        '1%0d%0aX: y',
        '%ED%A0%80',
        '%C0%AF',
        '%FF',
      )
      .map((text) => ({ text, encode: false })),
    weight: 2,
  },
);

function pathChoice(op: Operation): fc.Arbitrary<PathChoice> {
  if (!op.pathParams.length) return fc.constant({ kind: 'real', pick: 0 });
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('real' as const), pick: fc.nat() }), weight: 62 },
    { arbitrary: fc.record({ kind: fc.constant('foreign' as const), pick: fc.nat() }), weight: 8 },
    {
      arbitrary: fc.record({
        kind: fc.constant('raw' as const),
        segments: fc.array(rawSegment, { minLength: op.pathParams.length, maxLength: op.pathParams.length }),
      }),
      weight: 30,
    },
  );
}

const asQueryText = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);

function queryChoice(op: Operation, ctx: ValueContext): fc.Arbitrary<QueryChoice> {
  const paramValue = (param: ParameterObject) =>
    fc.oneof(
      { arbitrary: schemaValue(param.schema ?? {}, ctx, param.name).map(asQueryText), weight: 7 },
      { arbitrary: hostileString, weight: 3 },
    );
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const known = queryParams.map((param) =>
    fc.option(
      paramValue(param).map((value): [string, string] => [param.name, value]),
      { freq: 2, nil: null },
    ),
  );
  const extras = fc.array(
    fc.oneof(
      fc.tuple(unknownFieldName, hostileString),
      // The same parameter twice becomes an array.
      ...queryParams.map((param) => fc.tuple(fc.constant(param.name), paramValue(param))),
    ),
    { maxLength: 2 },
  );
  const pairs = fc.tuple(fc.tuple(...known), fc.option(extras, { freq: 6, nil: [] })).map(([own, more]) => ({
    kind: 'pairs' as const,
    pairs: [...own.filter((p): p is [string, string] => p !== null), ...more],
  }));
  const raw = fc
    .constantFrom(
      '%',
      '%%%',
      'a=%zz',
      '&&&=&=',
      '=',
      'limit[]=1&limit[]=2',
      '__proto__[admin]=1',
      'constructor[prototype][admin]=1',
      'limit=1&limit=2&limit=3',
      'cursor=' + 'A'.repeat(5000),
      'from=' + '9'.repeat(400),
      'a=' + '%ED%A0%80',
      '?',
      ';',
      'bucket=day;DROP TABLE logs',
    )
    .map((text) => ({ kind: 'raw' as const, text }));
  return fc.oneof({ arbitrary: pairs, weight: 11 }, { arbitrary: raw, weight: 1 });
}

/** Sets, drops or adds one field of a generated body. */
function mutateField(value: unknown, key: string, replacement: unknown, mode: 'set' | 'drop'): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (mode === 'drop') delete copy[key];
  else copy[key] = replacement;
  return copy;
}

const JSON_TYPES = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 30 },
  {
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/json; charset=latin1',
      'application/json;charset=utf-16',
      'application/vnd.api+json',
      'application/json-patch+json',
      'text/json',
    ),
    weight: 2,
  },
);

const WRONG_TYPES = fc.constantFrom(
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'application/xml',
  'text/html',
  'multipart/form-data; boundary=xyz',
  'multipart/form-data',
  'application/octet-stream',
  'image/png',
  '*/*',
  '/',
  'application/json/../x',
  'text/csv',
);

const ODD_JSON_TEXTS = [
  '{',
  '}',
  '{"a":',
  "{'name':'x'}",
  '{"name":"x",}',
  '[1,2',
  '"unterminated',
  'nul',
  'tru',
  '{"a":1}{"b":2}',
  '\uFEFF{}',
  '\u0000',
  ' ',
  '{"a":"\\ud800"}',
  '{"name":"\\u0000"}',
  '{"a":"\\x41"}',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '{"value": NaN}',
  '{"value": 1e999}',
  '{"value": -}',
  '{"name": undefined}',
  '['.repeat(100_000),
  '{"a":'.repeat(50_000),
  // Valid JSON, deeper than any value here could be built (JSON.stringify gives up near 2,000 levels).
  `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
  `${'{"name":'.repeat(20_000)}"x"${'}'.repeat(20_000)}`,
];

function jsonBody(schema: SchemaObject | ReferenceObject, ctx: ValueContext): fc.Arbitrary<BodyChoice> {
  const resolved = resolveSchema(ctx.spec, schema);
  const keys = Object.keys(resolved.properties ?? {});
  const required = resolved.required ?? [];
  const valid = schemaValue(schema, ctx);
  const anyKey = keys.length ? fc.constantFrom(...keys) : fc.constant('x');
  const value = fc.oneof(
    { arbitrary: valid, weight: 40 },
    {
      arbitrary: fc.tuple(valid, anyKey, hostileValue).map(([v, k, h]) => mutateField(v, k, h, 'set')),
      weight: 22,
    },
    {
      arbitrary: fc.tuple(valid, unknownFieldName, hostileValue).map(([v, k, h]) => mutateField(v, k, h, 'set')),
      weight: 7,
    },
    {
      arbitrary: fc
        .tuple(valid, required.length ? fc.constantFrom(...required) : anyKey)
        .map(([v, k]) => mutateField(v, k, undefined, 'drop')),
      weight: 6,
    },
    { arbitrary: hostileValue, weight: 8 },
    {
      arbitrary: fc
        .tuple(valid, anyKey, fc.constantFrom(33, 100, 500), fc.constantFrom<'object' | 'array'>('object', 'array'))
        .map(([v, k, depth, kind]) => mutateField(v, k, nested(depth, kind), 'set')),
      weight: 3,
    },
    {
      arbitrary: fc
        .tuple(valid, anyKey, fc.constantFrom(...RAW_NUMBER_LITERALS))
        .map(([v, k, literal]) => mutateField(v, k, rawJson(literal), 'set')),
      weight: 3,
    },
  );
  return fc.oneof(
    {
      arbitrary: fc.record({ kind: fc.constant('json' as const), value, contentType: JSON_TYPES }),
      weight: 86,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('text' as const),
        text: fc.constantFrom(...ODD_JSON_TEXTS),
        contentType: fc.constant('application/json'),
      }),
      weight: 6,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('text' as const),
        text: valid.map((v) => stringifyWithRaw(v) ?? ''),
        contentType: fc.option(WRONG_TYPES, { nil: null, freq: 6 }),
      }),
      weight: 5,
    },
    {
      arbitrary: fc.constant({ kind: 'text' as const, text: '', contentType: 'application/json' }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('huge' as const),
        kilobytes: fc.constantFrom(1100, 4096),
        contentType: fc.constantFrom('application/json', 'text/plain'),
      }),
      weight: 1,
    },
  );
}

/** A body nobody asked for, on a route that takes none. */
const strayBody: fc.Arbitrary<BodyChoice> = fc.oneof(
  fc.record({ kind: fc.constant('json' as const), value: hostileValue, contentType: JSON_TYPES }),
  fc.record({
    kind: fc.constant('text' as const),
    text: fc.constantFrom(...ODD_JSON_TEXTS.slice(0, 12)),
    contentType: fc.option(fc.oneof(WRONG_TYPES, JSON_TYPES), { nil: null, freq: 8 }),
  }),
  fc.constant({ kind: 'huge' as const, kilobytes: 1100, contentType: 'application/json' }),
);

function csvMutation(csv: string): fc.Arbitrary<string> {
  const lines = csv.split('\r\n');
  return fc.oneof(
    fc.constant(csv),
    fc.tuple(fc.nat(), fc.nat(), hostileString, fc.boolean()).map(([line, cell, text, quote]) =>
      lines
        .map((row, i) => {
          if (i !== line % lines.length || i === 0) return row;
          const cells = row.split(',');
          cells[cell % cells.length] = quote ? `"${text.replace(/"/g, '""')}"` : text;
          return cells.join(',');
        })
        .join('\r\n'),
    ),
    fc.nat().map((n) => csv.slice(0, n % (csv.length + 1))),
    fc.nat().map((n) => lines.filter((_l, i) => i !== n % lines.length).join('\r\n')),
    fc.constantFrom(
      '',
      '\uFEFF',
      'tracker\r\n',
      'a,b,c\r\n1,2,3',
      '"unterminated,\r\n',
      '\u0000\u0001\u0002',
      'x,'.repeat(5000),
    ),
  );
}

function importFile(ctx: ValueContext, samples: ImportSamples): fc.Arbitrary<{ content: string; filename: string }> {
  const exportDocument = ctx.spec.components?.schemas?.ExportDocumentDto;
  return fc.oneof(
    fc.record({ content: csvMutation(samples.csv), filename: fc.constantFrom('export.csv', 'data.txt', 'x') }),
    fc.record({
      content: fc.oneof(
        fc.constant(samples.json),
        exportDocument ? schemaValue(exportDocument, ctx).map((d) => JSON.stringify(d)) : fc.constant('{}'),
        fc
          .tuple(fc.constant(samples.json), fc.nat(), hostileValue)
          .map(([json, n, h]) => json.slice(0, n % json.length) + stringifyWithRaw(h)),
        hostileValue.map((h) => stringifyWithRaw(h)),
      ),
      filename: fc.constantFrom('export.json', 'export.csv', 'noext'),
    }),
    fc.record({ content: hostileString, filename: fc.oneof(hostileString, fc.constant('../../etc/passwd.csv')) }),
  );
}

function multipartBody(ctx: ValueContext, samples: ImportSamples): fc.Arbitrary<BodyChoice> {
  const file = importFile(ctx, samples);
  const part = (name: fc.Arbitrary<string>): fc.Arbitrary<MultipartPart> =>
    fc
      .tuple(name, file, fc.constantFrom('text/csv', 'application/json', 'application/octet-stream', null))
      .map(([n, f, type]) => ({ name: n, filename: f.filename, contentType: type, content: f.content }));
  const field: fc.Arbitrary<MultipartPart> = fc.record({
    name: fc.oneof(fc.constantFrom('dryRun', 'format', 'file'), unknownFieldName),
    filename: fc.constant(null),
    contentType: fc.constant(null),
    content: fc.oneof(fc.constantFrom('true', 'csv'), hostileString),
  });
  return fc.oneof(
    {
      arbitrary: fc.record({
        kind: fc.constant('multipart' as const),
        boundary: fc.constant('----tallyfuzz'),
        parts: part(fc.constant('file')).map((p) => [p]),
        end: fc.constant('proper' as const),
      }),
      weight: 10,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('multipart' as const),
        boundary: fc.constantFrom('----tallyfuzz', 'x', '"quoted"', 'b'.repeat(80)),
        parts: fc.array(fc.oneof(part(fc.oneof(fc.constant('file'), unknownFieldName)), field), { maxLength: 14 }),
        end: fc.constantFrom('proper' as const, 'missing' as const, 'garbage' as const),
      }),
      weight: 6,
    },
    { arbitrary: strayBody, weight: 2 },
    { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
  );
}

function bodyChoice(op: Operation, ctx: ValueContext, samples: ImportSamples): fc.Arbitrary<BodyChoice> {
  // The first documented media type is the one the operation takes.
  const [contentType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
  if (contentType === 'multipart/form-data' && media?.schema) return multipartBody(ctx, samples);
  if (media?.schema) return jsonBody(media.schema, ctx);
  const strayWeight = op.method === 'GET' ? 2 : 10;
  return fc.oneof(
    { arbitrary: fc.constant({ kind: 'none' as const }), weight: 100 - strayWeight },
    { arbitrary: strayBody, weight: strayWeight },
  );
}

const extraHeader: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.constantFrom<[string, string]>(
    ['accept', 'application/xml'],
    ['accept', 'text/csv'],
    ['accept', '*/*;q=0.1, garbage'],
    ['accept-language', 'zz-ZZ'],
    ['accept-encoding', 'gzip, br, zstd, nonsense'],
    ['accept-version', '99'],
    ['x-forwarded-for', '1.2.3.4, <script>, ::1'],
    ['x-forwarded-proto', 'gopher'],
    ['x-request-id', '<script>alert(1)</script>'],
    ['x-csrf-token', 'forged'],
    ['cookie', 'tally_refresh=forged.token; tally_csrf=x'],
    ['cookie', '=;=;;;'],
    ['origin', 'https://evil.example'],
    ['if-none-match', '*'],
    ['range', 'bytes=0-1,5-'],
    ['content-encoding', 'gzip'],
    ['x-http-method-override', 'DELETE'],
  ),
  fc.tuple(fc.constantFrom('x-fuzz', 'user-agent', 'referer', 'cookie'), hostileString),
);

export function requestArbitrary(
  op: Operation,
  ctx: Omit<ValueContext, 'realPassword'>,
  policy: RequestPolicy,
  samples: ImportSamples,
): fc.Arbitrary<FuzzRequest> {
  const valueCtx = { ...ctx, realPassword: policy.realPassword };
  return fc.record({
    op: fc.constant(op.key),
    auth: authChoice(policy),
    path: pathChoice(op),
    query: queryChoice(op, valueCtx),
    body: bodyChoice(op, valueCtx, samples),
    headers: fc.option(fc.array(extraHeader, { minLength: 1, maxLength: 2 }), { freq: 6, nil: [] }),
  });
}

/** Requests outside the spec: unknown routes and methods must still answer in the error shape. */
export const offSpecRequest: fc.Arbitrary<{ method: string; url: string }> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  url: fc.oneof(
    fc.constantFrom(
      '/api/v1/nope',
      '/api/v2/trackers',
      '/api/v1/trackers/1/unknown',
      '/api/v1/trackers/1/logs/2/3',
      '/api/v1/me/notification-settings/extra',
      '/api/v1//trackers',
      '/api/v1/trackers/',
      '/api/V1/TRACKERS',
      '/api/v1/%2e%2e/%2e%2e/etc/passwd',
      '/api/v1/admin/queues',
      '/api/v1/auth',
      '/api/v1/tokens/1/2',
      '/api/v1/export.json',
    ),
    hostileString.map((s) => `/api/v1/${percentEncode(s)}`),
  ),
});

/** Fragments the requests may carry, which responses may then echo as data. */
export const ECHOABLE_FRAGMENTS = INJECTION_FRAGMENTS;

export { pick };
