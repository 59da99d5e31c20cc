import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TABLE_OWNERS } from './table-owners';

const ROOT = join(__dirname, '../..');
const PRISMA_CALL =
  /\.(\w+)\.(?:findMany|findFirst|findFirstOrThrow|findUnique|findUniqueOrThrow|create|createMany|createManyAndReturn|update|updateMany|upsert|delete|deleteMany|count|aggregate|groupBy)\(/g;
const SQL_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+"?([a-z_]+)"?/gi;

/** Prisma's model accessor (camelCase model name) → table name, read from the schema. */
function modelTables(): Map<string, string> {
  const schema = readFileSync(join(ROOT, 'prisma/schema.prisma'), 'utf8');
  const tables = new Map<string, string>();
  for (const [, model, body] of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? model;
    tables.set(model[0].toLowerCase() + model.slice(1), table);
  }
  return tables;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'generated' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.(e2e-)?spec\.ts$/.test(name) ? [path] : [];
  });
}

/** Every table a file touches, through Prisma's delegates or in SQL text. */
function tablesTouched(source: string, models: Map<string, string>, known: Set<string>): Set<string> {
  const touched = new Set<string>();
  for (const [, accessor] of source.matchAll(PRISMA_CALL)) {
    const table = models.get(accessor);
    if (table) touched.add(table);
  }
  for (const [, name] of source.matchAll(SQL_TABLE)) if (known.has(name)) touched.add(name);
  return touched;
}

describe('table ownership', () => {
  const models = modelTables();
  const known = new Set(models.values());
  const owners = Object.entries(TABLE_OWNERS);

  it('names an owner for every table in the schema, and only one', () => {
    const owned = owners.flatMap(([, tables]) => tables);

    expect(new Set(owned).size).toBe(owned.length);
    expect([...known].filter((table) => !owned.includes(table))).toEqual([]);
  });

  it.each(owners.map(([owner]) => owner))('%s touches only its own tables', (owner) => {
    const own = new Set(TABLE_OWNERS[owner]);
    const strays = sourceFiles(join(ROOT, owner, 'src')).flatMap((file) =>
      [...tablesTouched(readFileSync(file, 'utf8'), models, known)]
        .filter((table) => !own.has(table))
        .map((table) => `${relative(ROOT, file)} → ${table}`),
    );

    expect(strays).toEqual([]);
  });
});
