import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layers of docs/architecture.md, lowest first: a module may import from its own layer and the layers
 * below it, never from one above. dependency-cruiser reads every import of src/ (type-only imports too).
 */
const LAYERS: { name: string; path: string }[] = [
  { name: 'base', path: '^src/(time|text|config|profile|web)/|^src/(errors|version)\\.ts$' },
  { name: 'store', path: '^src/store/' },
  { name: 'repositories', path: '^src/repositories/' },
  { name: 'context', path: '^src/context\\.ts$' },
  { name: 'domain', path: '^src/(cards|reading|audit|auth|delivery|cases|reports|casework|jobs|visitor)/' },
  { name: 'views', path: '^src/views/' },
  { name: 'routes', path: '^src/routes/' },
  { name: 'entry', path: '^src/(app\\.tsx|server\\.ts)$|^src/cli/' },
];

const upward: IForbiddenRuleType[] = LAYERS.flatMap((layer, i) =>
  LAYERS.slice(i + 1).map((above) => ({
    name: `${layer.name}-imports-${above.name}`,
    severity: 'error' as const,
    from: { path: layer.path },
    to: { path: above.path },
  })),
);

let result: ICruiseResult;
const ROOT = join(import.meta.dirname, '../..');

beforeAll(async () => {
  const tsConfig = JSON.parse(await readFile(join(ROOT, 'tsconfig.json'), 'utf8')) as object;
  const output = await cruise(
    ['src'],
    {
      baseDir: ROOT,
      validate: true,
      tsPreCompilationDeps: true,
      doNotFollow: { path: 'node_modules' },
      ruleSet: {
        forbidden: [
          ...upward,
          { name: 'no-cycle', severity: 'error', from: {}, to: { circular: true } },
          {
            name: 'not-resolvable',
            severity: 'error',
            from: {},
            to: { couldNotResolve: true, path: '^[.]' },
          },
        ],
      },
    },
    { extensions: ['.ts', '.tsx', '.js'] },
    { tsConfig },
  );
  result = output.output as ICruiseResult;
}, 120_000);

const folderOf = (path: string) => {
  const parts = path.split('/');
  return parts.length > 2 ? parts[1]! : parts[1]!.replace(/\.tsx?$/, '');
};

describe('the layers of the code (docs/architecture.md)', () => {
  it('reads every module of src/', () => {
    expect(result.modules.filter((m) => m.source.startsWith('src/')).length).toBeGreaterThan(150);
  });

  it('has no import from a layer above, no cycle and no import that does not resolve', () => {
    const violations = result.summary.violations.map(
      (v) =>
        `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name).join(' → ')})` : ''}`,
    );
    expect(violations).toEqual([]);
  });

  it('has no two folders of src/ importing each other, nor any longer loop of folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const m of result.modules) {
      if (!m.source.startsWith('src/')) continue;
      for (const d of m.dependencies) {
        if (!d.resolved.startsWith('src/')) continue;
        const [a, b] = [folderOf(m.source), folderOf(d.resolved)];
        if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
      }
    }
    const loops: string[] = [];
    const visit = (folder: string, path: string[]) => {
      for (const next of edges.get(folder) ?? []) {
        if (next === path[0]) loops.push([...path, next].join(' → '));
        else if (!path.includes(next) && next > path[0]!) visit(next, [...path, next]);
      }
    };
    for (const folder of edges.keys()) visit(folder, [folder]);
    expect(loops).toEqual([]);
  });

  it('lets the domain reach stored records only through the repositories (src/repositories/)', () => {
    // The embedded store's tables are opened in context.ts and read and written by their JSON repositories.
    const tables = ['src/store/index.ts', 'src/store/table.ts'];
    const reachers = result.modules
      .filter((m) => m.source.startsWith('src/') && !m.source.startsWith('src/store/'))
      .filter((m) => m.dependencies.some((d) => tables.includes(d.resolved)))
      .map((m) => m.source)
      .filter((source) => source !== 'src/context.ts' && !source.startsWith('src/repositories/json/'));
    expect(reachers).toEqual([]);
    const touching: string[] = [];
    for (const m of result.modules.filter(
      (m) => m.source.startsWith('src/') && m.source !== 'src/context.ts',
    ))
      if (/\bcardbox\??\.store\b/.test(stripComments(readFileSync(join(ROOT, m.source), 'utf8'))))
        touching.push(m.source);
    expect(touching).toEqual([]);
  });

  it('reads the environment in one place and starts background work only from the server', () => {
    const imports = (target: string) =>
      result.modules.filter((m) => m.dependencies.some((d) => d.resolved === target)).map((m) => m.source);
    expect(imports('src/jobs/background.ts').filter((s) => s.startsWith('src/'))).toEqual(['src/server.ts']);
    const readers: string[] = [];
    for (const m of result.modules.filter((m) => m.source.startsWith('src/')))
      if (/process\.env\b/.test(stripComments(readFileSync(join(ROOT, m.source), 'utf8'))))
        readers.push(m.source);
    expect(readers).toEqual(['src/config/settings.ts']);
  });
});

function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}
