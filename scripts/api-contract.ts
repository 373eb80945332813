/**
 * The api's contract as committed in libs/contracts (the OpenAPI document /api/docs-json serves and
 * the types the web client is typed with): where the files are, how the document is written, and
 * what differs between two documents. scripts/generate-api-contract.ts builds both files
 * (`npm run api:generate`, and npm test's "api contract" step); the e2e test compares the committed
 * document with the running api's. Free of the api and of openapi-typescript (whose dependencies
 * are ES modules, which Jest does not load), so tests import it cheaply.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');

/** The committed files, relative to the repository root. */
export const CONTRACT_FILES = {
  document: 'libs/contracts/openapi.json',
  types: 'libs/contracts/src/generated/openapi.ts',
} as const;

export type ContractFiles = Record<keyof typeof CONTRACT_FILES, string>;

/** Two-space JSON with a final newline: stable for a given document, so diffs show what changed. */
export const serializeDocument = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;

export function readCommittedContract(root = ROOT): ContractFiles | null {
  try {
    return {
      document: readFileSync(join(root, CONTRACT_FILES.document), 'utf8'),
      types: readFileSync(join(root, CONTRACT_FILES.types), 'utf8'),
    };
  } catch {
    return null;
  }
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** The parts of a document a reader thinks in: `POST /api/v1/trackers`, `schema TrackerDto`, `info`. */
function parts(document: Record<string, unknown>): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(document)) {
    if (key === 'paths' && value && typeof value === 'object') {
      for (const [path, item] of Object.entries(value as Record<string, Record<string, unknown>>)) {
        for (const [method, operation] of Object.entries(item)) {
          const name = HTTP_METHODS.has(method) ? `${method.toUpperCase()} ${path}` : `${path} ${method}`;
          found.set(name, JSON.stringify(operation));
        }
      }
    } else if (key === 'components' && value && typeof value === 'object') {
      for (const [kind, entries] of Object.entries(value as Record<string, Record<string, unknown>>)) {
        for (const [name, entry] of Object.entries(entries ?? {})) {
          found.set(kind === 'schemas' ? `schema ${name}` : `components.${kind}.${name}`, JSON.stringify(entry));
        }
      }
    } else {
      found.set(key, JSON.stringify(value));
    }
  }
  return found;
}

/**
 * What differs between two documents, one line per operation, schema or top-level field:
 * `changed  POST /api/v1/trackers`, `added    schema TrackerDto`, `removed  GET /api/v1/me`.
 * Empty when they are equal (key order included).
 */
export function describeDocumentChanges(before: unknown, after: unknown): string[] {
  const old = parts((before ?? {}) as Record<string, unknown>);
  const current = parts((after ?? {}) as Record<string, unknown>);
  const lines: string[] = [];
  for (const [name, value] of current) {
    if (!old.has(name)) lines.push(`added    ${name}`);
    else if (old.get(name) !== value) lines.push(`changed  ${name}`);
  }
  for (const name of old.keys()) if (!current.has(name)) lines.push(`removed  ${name}`);
  if (!lines.length && JSON.stringify(before) !== JSON.stringify(after)) lines.push('changed  the order of entries');
  return lines;
}
