import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
  SecurityRequirementObject,
} from '@nestjs/swagger';
import type { RunningApp } from './test-app';

/**
 * The api's OpenAPI spec as tests see it: loaded over HTTP from the booted app (what clients get),
 * flattened to one entry per operation. Shared by the authorization matrix (S9) and the spec-driven
 * fuzz test (R9), so it knows nothing about either.
 */

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = Uppercase<(typeof HTTP_METHODS)[number]>;

export interface Operation {
  /** `METHOD /path/{param}`, e.g. `GET /api/v1/trackers/{id}`: the name tests key tables by. */
  key: string;
  method: HttpMethod;
  /** The path template as the spec writes it, with `{param}` placeholders. */
  path: string;
  operationId?: string;
  /**
   * Alternatives, each a list of scheme names that must all be present (OpenAPI's OR of ANDs):
   * `[]` is a public route, `[['bearer']]` needs a Bearer token.
   */
  security: string[][];
  /** True when a request without any credentials is allowed. */
  isPublic: boolean;
  /** Parameters of the path item and the operation, `$ref`s resolved. */
  parameters: ParameterObject[];
  /** Names of the `{param}` placeholders, in order. */
  pathParams: string[];
  requestBody?: RequestBodyObject;
  /** The documented answers by status code (`'200'`, `'404'`, `'default'`, …), `$ref`s resolved. */
  responses: Record<string, ResponseObject>;
  raw: OperationObject;
}

/** Fetches `/api/docs-json` from the running app. */
export async function loadOpenApi(api: RunningApp): Promise<OpenAPIObject> {
  const res = await api.request('/api/docs-json');
  if (res.status !== 200) throw new Error(`GET /api/docs-json answered ${res.status}`);
  return (await res.json()) as OpenAPIObject;
}

/** Follows a local `$ref` (`#/components/...`); anything else is returned as it is. */
export function deref<T>(doc: OpenAPIObject, value: T | ReferenceObject): T {
  if (!value || typeof value !== 'object' || !('$ref' in value)) return value as T;
  const ref = value.$ref;
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  let target: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (target === undefined) throw new Error(`Unresolved $ref ${ref}`);
  return deref(doc, target as T | ReferenceObject);
}

/**
 * Follows `$ref`s and folds a lone `allOf` into its siblings, so callers see one plain schema. Unlike
 * `deref`, the siblings of a `$ref` (description, nullable, example) are kept and win.
 */
export function resolveSchema(doc: OpenAPIObject, schema: SchemaObject | ReferenceObject): SchemaObject {
  if ('$ref' in schema) {
    const { $ref, ...siblings } = schema as ReferenceObject & SchemaObject;
    return resolveSchema(doc, { ...deref<SchemaObject>(doc, { $ref }), ...siblings });
  }
  if (schema.allOf?.length === 1) {
    const { allOf, ...siblings } = schema;
    const inner = resolveSchema(doc, allOf[0]!);
    // The siblings (description, nullable, example) win; the inner schema brings type/enum/properties.
    return { ...inner, ...siblings, type: inner.type ?? siblings.type };
  }
  return schema;
}

export const operationKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** Every operation of the spec, in the spec's order. */
export function listOperations(doc: OpenAPIObject): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const shared = (item.parameters ?? []).map((p) => deref<ParameterObject>(doc, p));
    for (const lower of HTTP_METHODS) {
      const op = item[lower];
      if (!op) continue;
      const own = (op.parameters ?? []).map((p) => deref<ParameterObject>(doc, p));
      // An operation's parameter overrides the path item's one with the same name and location.
      const parameters = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      const requirements: SecurityRequirementObject[] = op.security ?? doc.security ?? [];
      const security = requirements.map((r) => Object.keys(r));
      operations.push({
        key: operationKey(lower, path),
        method: lower.toUpperCase() as HttpMethod,
        path,
        operationId: op.operationId,
        security,
        isPublic: security.length === 0 || security.some((schemes) => schemes.length === 0),
        parameters,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
        requestBody: op.requestBody ? deref<RequestBodyObject>(doc, op.requestBody) : undefined,
        responses: Object.fromEntries(
          Object.entries(op.responses ?? {}).map(([status, r]) => [status, deref<ResponseObject>(doc, r!)]),
        ),
        raw: op,
      });
    }
  }
  return operations;
}

/** Fills a path template; a placeholder without a value throws, naming it. */
export function fillPath(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for {${name}} in ${template}`);
    return encodeURIComponent(String(value));
  });
}

/**
 * Compares the spec's operations with the keys of a test's table: `missing` are operations the
 * table has no entry for (a new route nobody thought about), `stale` are entries for operations
 * the spec no longer has.
 */
export function compareWithTable(
  operations: Pick<Operation, 'key'>[],
  tableKeys: Iterable<string>,
): { missing: string[]; stale: string[] } {
  const inSpec = new Set(operations.map((o) => o.key));
  const inTable = new Set(tableKeys);
  return {
    missing: [...inSpec].filter((k) => !inTable.has(k)),
    stale: [...inTable].filter((k) => !inSpec.has(k)),
  };
}
