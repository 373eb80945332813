import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import type { Operation } from '../openapi';

/** What must never reach a client: traces, server paths, SQL and driver errors. */
const LEAKS: Array<[string, RegExp]> = [
  ['a stack trace', /\n\s+at \S|\bat (?:async )?[\w$.<>[\]]+ \([^)]*:\d+:\d+\)/],
  // `\b` first: an unanchored `[\w.-]+\.ts` backtracks quadratically over a long run of letters (a
  // 140 KB echoed cell held the event loop for 70 s).
  ['a server file path', /\/work\/|\/home\/|\/usr\/(?:src|lib)|node_modules|\b[\w-]+\.(?:ts|js|mjs|cjs):\d+/],
  [
    'SQL or a driver error',
    /\b(?:select|insert into|update|delete from)\s+`|`t\d+`\.|\bER_[A-Z_]{3,}\b|sql syntax|sqlMessage|sqlState|\berrno\b|Duplicate entry|Incorrect (?:string|integer|decimal|datetime) value|Data too long for column|Out of range value|Deadlock found|Lock wait timeout/i,
  ],
  ['an internal error class', /\b(?:TypeError|RangeError|ReferenceError|DriverException|QueryFailedError)\b/],
];

export interface Exchange {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

const DOCUMENT_ID = 'openapi';

/** Checks responses against the spec: status documented, body valid for its media type, nothing leaked. */
export class ResponseChecker {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    spec: OpenAPIObject,
    /** Text the requests may have stored (injection samples): echoing it back as data is no leak. */
    private readonly echoable: readonly string[],
  ) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    const schemas = Object.fromEntries(
      Object.entries(spec.components?.schemas ?? {}).map(([name, schema]) => [
        name,
        toJsonSchema(schema, DOCUMENT_ID, true),
      ]),
    );
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas } });
  }

  /** Problems with one answer to an operation of the spec (empty when it is fine). */
  check(op: Operation, exchange: Exchange): string[] {
    const problems = this.common(exchange);
    const documented = op.responses[String(exchange.status)] ?? op.responses.default;
    if (!documented) {
      problems.push(`status ${exchange.status} is not documented for ${op.key}`);
      return problems;
    }
    const contentType = baseType(exchange.headers['content-type']);
    const media = documented.content;
    if (!media || !Object.keys(media).length) {
      if (exchange.body.length)
        problems.push(`status ${exchange.status} documents no body, got ${excerpt(exchange.body)}`);
      return problems;
    }
    const mediaKey = Object.keys(media).find((key) => baseType(key) === contentType);
    if (!mediaKey) {
      problems.push(`content-type ${contentType} is not documented for ${exchange.status} (${Object.keys(media)})`);
      return problems;
    }
    const schema = media[mediaKey]!.schema;
    if (!schema || !isJson(contentType)) return problems;
    const parsed = parseJson(exchange.body);
    if (parsed === undefined) {
      problems.push(`the body is not JSON: ${excerpt(exchange.body)}`);
      return problems;
    }
    const validate = this.validator(`${op.key} ${exchange.status} ${mediaKey}`, schema);
    if (!validate(parsed))
      problems.push(
        `the body does not match the spec: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}: ${excerpt(exchange.body)}`,
      );
    return problems;
  }

  /** Problems with an answer to a request outside the spec (unknown route or method). */
  checkOffSpec(exchange: Exchange): string[] {
    const problems = this.common(exchange);
    if (exchange.status < 400) return problems;
    if (!exchange.body.length) return problems;
    if (!isJson(baseType(exchange.headers['content-type'])))
      problems.push(`an error answered as ${exchange.headers['content-type']}, not JSON`);
    const validate = this.validator('error', { $ref: '#/components/schemas/ErrorResponseDto' });
    const parsed = parseJson(exchange.body);
    if (parsed === undefined || !validate(parsed)) problems.push(`not in the error shape: ${excerpt(exchange.body)}`);
    return problems;
  }

  private common(exchange: Exchange): string[] {
    const problems: string[] = [];
    if (exchange.status >= 500) problems.push(`answered ${exchange.status}`);
    let text = exchange.body;
    for (const fragment of this.echoable) {
      for (const form of [fragment, JSON.stringify(fragment).slice(1, -1), fragment.replace(/"/g, '""')])
        text = text.split(form).join(' ');
    }
    for (const [what, pattern] of LEAKS) {
      const match = pattern.exec(text);
      if (match) problems.push(`the body leaks ${what} ("${match[0]}"): ${excerpt(exchange.body)}`);
    }
    if (exchange.status >= 400 && exchange.body.length && isJson(baseType(exchange.headers['content-type']))) {
      const parsed = parseJson(exchange.body) as { statusCode?: unknown } | undefined;
      if (parsed?.statusCode !== exchange.status)
        problems.push(`statusCode in the body is not the HTTP status ${exchange.status}: ${excerpt(exchange.body)}`);
    }
    return problems;
  }

  private validator(key: string, schema: object): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema, DOCUMENT_ID, true));
      this.validators.set(key, validate);
    }
    return validate;
  }
}

const baseType = (value: unknown): string =>
  String(Array.isArray(value) ? value[0] : (value ?? ''))
    .split(';')[0]!
    .trim()
    .toLowerCase();

const isJson = (type: string) => type === 'application/json' || type.endsWith('+json');

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export const excerpt = (text: string, max = 300): string =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;

/**
 * OpenAPI 3.0 schemas as JSON Schema for ajv: `nullable` becomes a `null` alternative, `$ref`s
 * point into the document registered under `documentId`. With `closed`, objects that list their
 * properties refuse any other (what a response sends must be in the spec).
 */
function toJsonSchema(
  schema: SchemaObject | ReferenceObject,
  documentId: string,
  closed: boolean,
): Record<string, unknown> {
  const { nullable, ...rest } = schema as SchemaObject & Partial<ReferenceObject>;
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === 'example' || key === 'description' || key === 'default') continue;
    if (key === '$ref') converted[key] = `${documentId}${value as string}`;
    else if (key === 'properties')
      converted[key] = Object.fromEntries(
        Object.entries(value as Record<string, SchemaObject>).map(([name, property]) => [
          name,
          toJsonSchema(property, documentId, closed),
        ]),
      );
    else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object'))
      converted[key] = toJsonSchema(value as SchemaObject, documentId, closed);
    else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf')
      converted[key] = (value as SchemaObject[]).map((s) => toJsonSchema(s, documentId, closed));
    else converted[key] = value;
  }
  if (closed && converted.properties && converted.additionalProperties === undefined)
    converted.additionalProperties = false;
  if (!nullable) return converted;
  // `type: object` next to an `allOf` is a hint, not a constraint that survives the null branch.
  return { anyOf: [{ type: 'null' }, converted] };
}
