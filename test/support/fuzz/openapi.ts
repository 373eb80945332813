/** The parts of an OpenAPI 3.0 document the fuzz test reads, and helpers to walk it. */

export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  allOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  items?: SchemaObject;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
  example?: unknown;
  description?: string;
}

export interface MediaType {
  schema?: SchemaObject;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

export interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
}

export interface OperationObject {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, SchemaObject> };
}

export interface Operation {
  /** "POST /api/v1/trackers/{id}/logs" */
  key: string;
  method: string;
  path: string;
  pathParams: ParameterObject[];
  queryParams: ParameterObject[];
  /** The request body's media type and schema, when the operation documents one. */
  body?: { contentType: string; schema: SchemaObject; required: boolean };
  responses: Record<string, ResponseObject>;
  secured: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function listOperations(spec: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const parameters = op.parameters ?? [];
      const [contentType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body:
          contentType && media?.schema
            ? { contentType, schema: media.schema, required: op.requestBody?.required ?? false }
            : undefined,
        responses: op.responses,
        secured: (op.security ?? []).length > 0,
      });
    }
  }
  return operations;
}

/** Follows `$ref`s and folds a lone `allOf` into its siblings, so callers see one plain schema. */
export function resolveSchema(spec: OpenApiDocument, schema: SchemaObject): SchemaObject {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = spec.components.schemas[name];
    if (!target) throw new Error(`The spec refers to a missing schema ${schema.$ref}`);
    const { $ref: _ref, ...siblings } = schema;
    return resolveSchema(spec, { ...target, ...siblings });
  }
  if (schema.allOf?.length === 1) {
    const { allOf, ...siblings } = schema;
    const inner = resolveSchema(spec, allOf[0]!);
    // The siblings (description, nullable, example) win; the inner schema brings type/enum/properties.
    return { ...inner, ...siblings, type: inner.type ?? siblings.type };
  }
  return schema;
}

/**
 * OpenAPI 3.0 schemas as JSON Schema for ajv: `nullable` becomes a `null` alternative, `$ref`s
 * point into the document registered under `documentId`. With `closed`, objects that list their
 * properties refuse any other (what a response sends must be in the spec).
 */
export function toJsonSchema(schema: SchemaObject, documentId: string, closed: boolean): Record<string, unknown> {
  const { nullable, ...rest } = schema;
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
