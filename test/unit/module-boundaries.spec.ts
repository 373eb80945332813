/**
 * The layout rules of conventions.md, checked over the source: `platform` is infrastructure only
 * (it imports no other lib and holds no SQL over a domain table), libs never import apps, and the
 * libs depend on each other without cycles.
 */
import { MetadataStorage } from '@mikro-orm/core';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ENTITIES } from '../../apps/api/src/database/entities';

const ROOT = join(__dirname, '../..');
const LIBS = readdirSync(join(ROOT, 'libs')).filter((lib) => statSync(join(ROOT, 'libs', lib)).isDirectory());

/** Source files of a folder: what ships, not tests, and not the migrations (they are the schema's own history). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'migrations' ? [] : sources(path);
    return /\.ts$/.test(entry) && !/\.(spec|int-spec)\.ts$/.test(entry) ? [path] : [];
  });
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'([^']+)'/g)].map((match) => match[1]!);

/** lib → the other libs its shipped code imports. */
function libGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const lib of LIBS) {
    const uses = new Set<string>();
    for (const file of sources(join(ROOT, 'libs', lib, 'src'))) {
      for (const spec of importsOf(file)) {
        const other = /^@tally\/([a-z-]+)/.exec(spec)?.[1];
        if (other && other !== lib) uses.add(other);
      }
    }
    graph.set(lib, uses);
  }
  return graph;
}

function findCycles(graph: Map<string, Set<string>>): string[] {
  const cycles: string[] = [];
  const visit = (lib: string, path: string[]) => {
    if (path.includes(lib)) {
      cycles.push([...path.slice(path.indexOf(lib)), lib].join(' → '));
      return;
    }
    for (const next of graph.get(lib) ?? []) visit(next, [...path, lib]);
  };
  for (const lib of graph.keys()) visit(lib, []);
  return cycles;
}

const TABLES = ENTITIES.map((entity) => MetadataStorage.getMetadataFromDecorator(entity).tableName);
const DOMAIN_STATEMENT = new RegExp(`\\b(from|join|into|update|table)\\s+\`?(${TABLES.join('|')})\\b`, 'i');

describe('module boundaries', () => {
  it('keeps platform free of other libs', () => {
    expect([...libGraph().get('platform')!]).toEqual([]);
  });

  it('keeps domain SQL out of platform: no statement there names a domain table', () => {
    const offenders = sources(join(ROOT, 'libs/platform/src'))
      .filter((file) => DOMAIN_STATEMENT.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('lets no lib import an app', () => {
    const offenders = LIBS.flatMap((lib) =>
      sources(join(ROOT, 'libs', lib, 'src')).filter((file) =>
        importsOf(file).some((spec) => /(^|\/)apps\//.test(spec)),
      ),
    );
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });

  it('has no import cycles between libs', () => {
    expect(findCycles(libGraph())).toEqual([]);
  });

  it('would notice a cycle or a domain statement', () => {
    const cyclic = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['a'])],
    ]);
    expect(findCycles(cyclic)).toContain('a → b → a');
    expect(DOMAIN_STATEMENT.test('UPDATE trackers SET updated_at = ?')).toBe(true);
    expect(DOMAIN_STATEMENT.test('SELECT 1 FROM mikro_orm_migrations')).toBe(false);
  });
});
