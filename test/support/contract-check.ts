import openapiSchemaToJsonSchema from '@openapi-contrib/openapi-schema-to-json-schema';
import type { HeaderObject, OpenAPIObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import Ajv, { ValidateFunction } from 'ajv';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_FILES, ROOT } from '../../scripts/api-contract';
import { listOperations, Operation, operationKey } from './openapi';

/**
 * quality.md C2: answers checked against the OpenAPI document under OpenAPI 3.0's own rules, by
 * tools other than the one that wrote it (@nestjs/swagger): each schema is converted to JSON Schema
 * by @openapi-contrib/openapi-schema-to-json-schema, where `nullable: true` counts only beside a
 * `type` (a nullable `$ref` or `allOf` still refuses null, as 3.0 says), and validated by ajv.
 *
 * Stricter than the document in one way, on purpose: an object that lists its properties refuses
 * any other, so a response cannot carry a field the document does not name.
 */

const DOCUMENT_ID = 'openapi';

export const HEADERS_THAT_MUST_BE_DOCUMENTED = /^(?:ratelimit|ratelimit-policy|retry-after|x-ratelimit-.*)$/i;

/** The committed document (libs/contracts/openapi.json), which the api-contract e2e test holds equal to /api/docs-json. */
export function committedDocument(): OpenAPIObject {
  return JSON.parse(readFileSync(join(ROOT, CONTRACT_FILES.document), 'utf8')) as OpenAPIObject;
}

type Json = Record<string, unknown>;

/** Points local `$ref`s (`#/components/...`) into the document registered with ajv under DOCUMENT_ID. */
function anchorRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(anchorRefs);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Json).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/')
        ? `${DOCUMENT_ID}${inner}`
        : anchorRefs(inner),
    ]),
  );
}

/** One OpenAPI 3.0 schema as JSON Schema; with `closed`, listed properties are the only ones allowed. */
function convert(schema: SchemaObject | ReferenceObject, closed: boolean): Json {
  const converted = openapiSchemaToJsonSchema(schema as Json, {
    cloneSchema: true,
    strictMode: true,
    afterTransform: (node) => {
      const out = node as Json;
      if (closed && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
      return out;
    },
  }) as Json;
  delete converted.$schema;
  return anchorRefs(converted) as Json;
}

export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    readonly document: OpenAPIObject,
    { closed = true }: { closed?: boolean } = {},
  ) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    const schemas = Object.fromEntries(
      Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [name, convert(schema, closed)]),
    );
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas } });
    this.closed = closed;
  }

  private readonly closed: boolean;

  /** Problems with `value` against `schema` (empty when it matches); `key` caches the compiled schema. */
  validate(key: string, schema: SchemaObject | ReferenceObject, value: unknown): string[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(convert(schema, this.closed));
      this.compiled.set(key, validate);
    }
    if (validate(value)) return [];
    return [this.ajv.errorsText(validate.errors, { separator: '; ' })];
  }

  /**
   * The headers of one answer against its documented response: a header documented `required` is
   * sent, and a rate-limit or Retry-After header that is sent is documented (what is sent and what is
   * said about throttling agree both ways).
   */
  checkHeaders(documented: ResponseObject, headers: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const declared = new Map(
      Object.entries(documented.headers ?? {}).map(([name, header]) => [name.toLowerCase(), header as HeaderObject]),
    );
    for (const [name, header] of declared) {
      if (header.required && headers[name] === undefined) problems.push(`the documented header ${name} is missing`);
    }
    for (const name of Object.keys(headers)) {
      if (HEADERS_THAT_MUST_BE_DOCUMENTED.test(name) && !declared.has(name.toLowerCase()))
        problems.push(`the header ${name} is sent but not documented for this answer`);
    }
    return problems;
  }
}

/** One answer as the checks see it; `body` is undefined when it was streamed (not held in memory). */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string | undefined;
}

export const baseType = (value: unknown): string =>
  String(Array.isArray(value) ? value[0] : (value ?? ''))
    .split(';')[0]!
    .trim()
    .toLowerCase();

export const isJson = (type: string) => type === 'application/json' || type.endsWith('+json');

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export const excerpt = (text: string, max = 300): string =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;

/**
 * Problems with one answer to an operation of the document (empty when it is fine): its status is
 * documented, its Content-Type is one the status documents, its JSON body matches the schema, and
 * its headers agree with the documented ones (checkHeaders).
 */
export function checkAnswer(validator: OpenApiValidator, op: Operation, answer: Answer): string[] {
  const documented = op.responses[String(answer.status)] ?? op.responses.default;
  if (!documented) return [`status ${answer.status} is not documented for ${op.key}`];
  const problems = validator.checkHeaders(documented, answer.headers);
  const contentType = baseType(answer.headers['content-type']);
  const media = documented.content;
  if (!media || !Object.keys(media).length) {
    if (answer.body?.length) problems.push(`status ${answer.status} documents no body, got ${excerpt(answer.body)}`);
    return problems;
  }
  if (answer.status === 204 || answer.status === 304) return problems;
  const mediaKey = Object.keys(media).find((key) => baseType(key) === contentType);
  if (!mediaKey) {
    problems.push(`content-type ${contentType} is not documented for ${answer.status} (${Object.keys(media)})`);
    return problems;
  }
  const schema = media[mediaKey]!.schema;
  if (!schema || !isJson(contentType) || answer.body === undefined) return problems;
  const parsed = parseJson(answer.body);
  if (parsed === undefined) {
    problems.push(`the body is not JSON: ${excerpt(answer.body)}`);
    return problems;
  }
  for (const problem of validator.validate(`${op.key} ${answer.status} ${mediaKey}`, schema, parsed))
    problems.push(`the body does not match the document: ${problem}: ${excerpt(answer.body)}`);
  return problems;
}

/** An answer from outside the document (no such route): an error in the one error shape, if it has a body. */
export function checkOffDocument(validator: OpenApiValidator, answer: Answer): string[] {
  if (answer.status < 400 || !answer.body?.length) return [];
  const problems: string[] = [];
  if (!isJson(baseType(answer.headers['content-type'])))
    problems.push(`an error answered as ${String(answer.headers['content-type'])}, not JSON`);
  const parsed = parseJson(answer.body);
  const shape = parsed === undefined ? ['not JSON'] : validator.validate('error', ERROR_SHAPE, parsed);
  if (shape.length) problems.push(`not in the error shape (${shape.join('; ')}): ${excerpt(answer.body)}`);
  return problems;
}

const ERROR_SHAPE = { $ref: '#/components/schemas/ErrorResponseDto' };

/** `/api/v1/trackers/:id` (Fastify's route) as the document writes it, `/api/v1/trackers/{id}`. */
const documentPath = (route: string) => route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * Records every answer a running api sends (an `onSend` hook, so fetch, fastify.inject and any other
 * client are all seen) and checks it against the committed document. test/support/test-app.ts attaches
 * one to each api it starts and fails `close()` with the list when any answer did not match, so every
 * e2e suite checks every answer it gets without asking (quality.md C2).
 */
export class ContractRecorder {
  readonly problems: { kind: string; example: string }[] = [];
  checked = 0;
  private readonly operations: Map<string, Operation>;
  private readonly validator: OpenApiValidator;

  constructor(document: OpenAPIObject = committedDocument()) {
    this.validator = new OpenApiValidator(document);
    this.operations = new Map(listOperations(document).map((op) => [op.key, op]));
  }

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onSend', (request, reply, payload, done) => {
      try {
        this.record(request, reply, payload);
      } catch (error) {
        const example = `${request.method} ${request.url}: could not check the answer: ${String(error)}`;
        this.problems.push({ kind: example, example });
      }
      done(null, payload);
    });
  }

  private record(request: FastifyRequest, reply: FastifyReply, payload: unknown): void {
    const path = request.url.split('?')[0]!;
    // The document describes /api/v1; Swagger UI, the document itself and the web client are not in it.
    if (!path.startsWith('/api/v1/') || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    const body =
      typeof payload === 'string'
        ? payload
        : Buffer.isBuffer(payload)
          ? payload.toString('utf8')
          : payload == null
            ? ''
            : undefined;
    const answer: Answer = { status: reply.statusCode, headers: reply.getHeaders(), body };
    const route = request.routeOptions.url;
    const op = route ? this.operations.get(operationKey(request.method, documentPath(route))) : undefined;
    const problems = op ? checkAnswer(this.validator, op, answer) : checkOffDocument(this.validator, answer);
    this.checked++;
    if (problems.length)
      this.problems.push({
        kind: `${request.method} ${route ?? '(no route)'} ${reply.statusCode} ${problems.map((p) => p.slice(0, 80)).join('; ')}`,
        example: `${request.method} ${excerpt(request.url, 120)} → ${reply.statusCode}: ${problems.join('; ')}`,
      });
  }

  /** Throws, listing each kind of answer that did not match the document (route, status, problem) with a count. */
  assertClean(): void {
    if (!this.problems.length) return;
    const kinds = new Map<string, { count: number; example: string }>();
    for (const problem of this.problems) {
      const kind = kinds.get(problem.kind) ?? { count: 0, example: problem.example };
      kind.count++;
      kinds.set(problem.kind, kind);
    }
    const lines = [...kinds.values()].slice(0, 20).map(({ count, example }) => `  - ${count}× ${example}`);
    throw new Error(
      `C2: ${this.problems.length} of ${this.checked} answers do not match libs/contracts/openapi.json ` +
        `(${kinds.size} kinds):\n${lines.join('\n')}`,
    );
  }
}
