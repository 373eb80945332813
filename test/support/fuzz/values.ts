import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import fc from 'fast-check';
import { resolveSchema } from '../openapi';

/**
 * Values for the fuzz test: plausible ones built from the spec's schemas, and hostile ones meant to
 * break parsers, validators, the database and the error handling.
 */

/** SQL and markup fragments. None contains the driver phrases the leak check looks for. */
export const INJECTION_FRAGMENTS = [
  "' OR '1'='1",
  '1; DROP TABLE users; --',
  '" OR 1=1 --',
  "1' UNION SELECT password FROM users --",
  "%' AND SLEEP(5) AND '%'='",
  "admin'--",
  '1) OR (1=1',
  "'; EXEC xp_cmdshell('dir'); --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  'javascript:alert(document.cookie)',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '../../../../etc/passwd',
  'file:///etc/passwd',
  '%00%0d%0aSet-Cookie: x=1',
  '=cmd|" /C calc"!A0',
  '@SUM(1+1)*cmd|" /C calc"!A0',
];

const UNICODE_SAMPLES = [
  '🎉🔥👍🏽👨‍👩‍👧‍👦',
  'مرحبا بالعالم',
  'שלום עולם',
  '\u202eevil\u202c',
  '\u200b\u200c\u200d\ufeff',
  'Ω≈ç√∫˜µ≤≥÷',
  '𝕿𝖆𝖑𝖑𝖞 𝒕𝒓𝒂𝒄𝒌𝒆𝒓',
  '中文字符测试',
  '日本語のテキスト',
  'Z̴̡̛̩̟a̷̢̛l̵g̸o̶',
  '\ud800',
  'x\udc00y',
  '\udbff\udbff',
  'a\u0000b',
  '\u0000',
  '\t\n\r\u000b\u000c',
  '\u0085\u2028\u2029',
  'ｆｕｌｌｗｉｄｔｈ',
  'İıŞş',
];

const SHAPE_SAMPLES = [
  '',
  ' ',
  '   padded   ',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '0x10',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  '%s%s%s%n',
  '%',
  '%zz',
  '\\',
  '\\u0000',
  '"',
  "'",
  '`',
  '2025-02-30T25:61:61Z',
  '0000-00-00',
  '9999-12-31T23:59:59.999+14:00',
  '-271821-04-20T00:00:00Z',
  '2025-03-09',
  'Europe/Atlantis',
  '../UTC',
];

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...INJECTION_FRAGMENTS), weight: 4 },
  { arbitrary: fc.constantFrom(...UNICODE_SAMPLES), weight: 4 },
  { arbitrary: fc.constantFrom(...SHAPE_SAMPLES), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: codeUnit, maxLength: 20 }), weight: 2 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom('x', 'é', '🎉', '\u0301', 'ab', '\ud83d'),
        fc.constantFrom(33, 101, 201, 2001, 10_001, 70_000),
      )
      .map(([unit, count]) => unit.repeat(count)),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...INJECTION_FRAGMENTS), fc.constantFrom(...UNICODE_SAMPLES))
      .map(([a, b]) => `${b}${a}${b}`),
    weight: 1,
  },
);

/** Numbers JSON can carry that a handler should refuse or cope with. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    -0,
    0.5,
    1.23456789,
    -99999999999999,
    2 ** 31,
    2 ** 32,
    2 ** 53 + 2,
    1e21,
    1e308,
    -1e308,
    Number.MIN_VALUE,
    Number.EPSILON,
    0.1 + 0.2,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/**
 * Number literals only raw JSON text can hold: `1e999` parses to Infinity, the rest make the
 * document invalid. They are spliced in through `rawJson`.
 */
export const RAW_NUMBER_LITERALS = [
  '1e999',
  '-1e999',
  '1e-999',
  '123456789012345678901234567890.5',
  'NaN',
  'Infinity',
  '-Infinity',
  '01',
  '.5',
  '+1',
  '0x10',
];

const RAW_MARK = '\u0001RAW:';
/** A placeholder JSON.stringify keeps, replaced by the literal in `stringifyWithRaw`. */
export const rawJson = (literal: string): string => `${RAW_MARK}${literal}\u0001`;

export function stringifyWithRaw(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001RAW:(.*?)\\u0001"/g, (_match, literal: string) => literal);
}

/**
 * `{"a":{"a":…}}` or `[[…]]` `depth` levels deep. Kept to a few hundred levels: JSON.stringify (and
 * fast-check's printer) overflow the stack near 2,000; deeper documents are sent as text (requests.ts).
 */
export function nested(depth: number, kind: 'object' | 'array', leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = kind === 'object' ? { a: value } : [value];
  return value;
}

/** Any JSON value of the wrong kind for a field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 6 },
  { arbitrary: hostileNumber, weight: 3 },
  { arbitrary: fc.constantFrom(...RAW_NUMBER_LITERALS).map(rawJson), weight: 1 },
  { arbitrary: fc.constantFrom(null, true, false, [], {}, [null], [''], { a: 1 }, [1, 2, 3]), weight: 3 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(8, 31, 32, 33, 64, 500), fc.constantFrom<'object' | 'array'>('object', 'array'))
      .map(([depth, kind]) => nested(depth, kind)),
    weight: 1,
  },
  { arbitrary: fc.constant({ constructor: { prototype: { admin: true } } }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
);

/** Names of fields a request might carry but no DTO declares. */
export const unknownFieldName = fc.constantFrom(
  'id',
  'userId',
  'role',
  'admin',
  'isAdmin',
  'createdAt',
  'password_hash',
  '$where',
  'constructor',
  '',
  ' ',
  '🎉',
  'a.b',
  'x'.repeat(300),
);

const instant = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date(Date.now() + 3 * 86_400_000), noInvalidDate: true })
  .chain((date) =>
    fc.constantFrom(
      date.toISOString(),
      date.toISOString().replace('Z', '+05:30'),
      date.toISOString().slice(0, 19) + '-08:00',
      date.toISOString().slice(0, 10),
    ),
  );

/** Range bounds near the data (a wide range in day buckets is refused as too many buckets). */
const bound = fc.integer({ min: -400, max: 2 }).chain((days) => {
  const date = new Date(Date.now() + days * 86_400_000);
  return fc.constantFrom(date.toISOString(), date.toISOString().slice(0, 10));
});

const TIMEZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Etc/GMT+12'];

/** What the fuzzing user really is, so some requests get past validation and authentication. */
export interface Identity {
  username: string;
  email: string;
  password: string;
}

export interface ValueContext {
  spec: OpenAPIObject;
  identity: Identity;
  /** Cursors the api issued (for the trackers list and some logs lists), so some pages are real. */
  cursors: string[];
  /** Whether the real password may be sent (never to routes that would end the account or session). */
  realPassword: boolean;
}

/** Plausible values for well-known field names that the schema alone describes too loosely. */
function byName(name: string, ctx: ValueContext): fc.Arbitrary<unknown> | null {
  const { identity } = ctx;
  switch (name) {
    case 'email':
      return fc.oneof(fc.emailAddress(), fc.constant(identity.email), fc.constant(identity.email.toUpperCase()));
    case 'login':
      return fc.oneof(fc.constantFrom(identity.username, identity.email), fc.emailAddress());
    case 'password':
    case 'currentPassword':
      return ctx.realPassword
        ? fc.oneof(fc.constant(identity.password), fc.string({ minLength: 1, maxLength: 30 }))
        : fc.string({ minLength: 1, maxLength: 30 }).filter((p) => p !== identity.password);
    case 'newPassword':
      return fc.string({ minLength: 8, maxLength: 40 });
    case 'timezone':
      return fc.constantFrom(...TIMEZONES);
    case 'code':
      return fc.oneof(
        fc.stringMatching(/^\d{6}$/),
        fc.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/),
      );
    case 'token':
      return fc.base64String({ minLength: 40, maxLength: 48 }).map((s) => s.replace(/[+/=]/g, 'A'));
    case 'loggedAt':
    case 'reminderAt':
      return instant;
    case 'from':
    case 'to':
      return fc.oneof({ arbitrary: bound, weight: 3 }, { arbitrary: instant, weight: 1 });
    case 'value':
      return fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((n) => n / 10_000);
    case 'cursor':
      return ctx.cursors.length
        ? fc.oneof(fc.constantFrom(...ctx.cursors), fc.base64String({ maxLength: 40 }))
        : fc.base64String({ maxLength: 40 });
    default:
      return null;
  }
}

/** A value the schema describes (mostly valid: the server's own rules are stricter than the spec). */
export function schemaValue(
  schema: SchemaObject | ReferenceObject,
  ctx: ValueContext,
  name = '',
): fc.Arbitrary<unknown> {
  const resolved = resolveSchema(ctx.spec, schema);
  const plain = byName(name, ctx) ?? plainValue(resolved, ctx);
  return resolved.nullable
    ? fc.oneof({ arbitrary: plain, weight: 6 }, { arbitrary: fc.constant(null), weight: 1 })
    : plain;
}

function plainValue(schema: SchemaObject, ctx: ValueContext): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date-time') return instant;
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({
        unit: 'grapheme',
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 40, 40),
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000 });
    case 'number':
      return schema.minimum !== undefined || schema.maximum !== undefined
        ? fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000 })
        : fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return resolveSchema(ctx.spec, schema.items ?? {}).enum
        ? fc.uniqueArray(schemaValue(schema.items!, ctx), { minLength: 1, maxLength: 3 })
        : fc.array(schemaValue(schema.items ?? {}, ctx), { maxLength: 3 });
    case 'object':
    case undefined: {
      if (!schema.properties) return fc.jsonValue({ maxDepth: 2 });
      const model = Object.fromEntries(
        Object.entries(schema.properties).map(([key, property]) => [key, schemaValue(property, ctx, key)]),
      );
      return fc.record(model, { requiredKeys: schema.required ?? [] });
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}
