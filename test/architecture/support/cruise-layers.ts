import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/** The layer folders the rules talk about (sandbox/ and test/ are checked as import targets only). */
export const LAYERS = ['schemas', 'core', 'adapters', 'app', 'connectors', 'functions', 'infra'] as const;

const repoRoot = join(import.meta.dirname, '..', '..', '..');

export interface LayerReport {
  readonly violations: readonly string[];
  readonly folderCycles: readonly string[];
  readonly modules: number;
}

/**
 * Runs dependency-cruiser with the repository's rule file (.dependency-cruiser.cjs) over `folders` of
 * `baseDir`, and adds the one rule dependency-cruiser cannot express: no cycle between top-level folders.
 */
export const cruiseLayers = async (baseDir: string, folders: readonly string[]): Promise<LayerReport> => {
  const options = await extractDepcruiseOptions(join(repoRoot, '.dependency-cruiser.cjs'));
  const tsConfig = extractTSConfig(join(repoRoot, 'tsconfig.json'));
  const previous = process.cwd();
  // dependency-cruiser resolves the tsconfig and the rule paths from the working directory.
  process.chdir(baseDir);
  try {
    const { output } = await cruise(
      [...folders],
      { ...options, validate: true, baseDir, tsConfig: { fileName: join(repoRoot, 'tsconfig.json') } },
      { extensions: ['.ts', '.mjs', '.js', '.json'] },
      { tsConfig },
    );
    const result = output as ICruiseResult;
    const violations = (result.summary.violations as IViolation[]).map(
      (v) =>
        `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name).join(' → ')})` : ''}`,
    );
    return { violations, folderCycles: findFolderCycles(result), modules: result.modules.length };
  } finally {
    process.chdir(previous);
  }
};

const topFolder = (path: string): string | undefined => {
  const [head, ...rest] = path.split('/');
  return rest.length > 0 && head !== 'node_modules' ? head : undefined;
};

/** Cycles in the graph of top-level folders (`core → adapters → core`), each named once. */
export const findFolderCycles = (result: Pick<ICruiseResult, 'modules'>): string[] => {
  const edges = new Map<string, Set<string>>();
  for (const module of result.modules) {
    const from = topFolder(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = topFolder(dependency.resolved);
      if (!to || to === from || dependency.coreModule) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const cycles = new Set<string>();
  const walk = (start: string, at: string, path: string[]) => {
    for (const next of edges.get(at) ?? []) {
      if (next === start) cycles.add([...path].sort().join(' ↔ '));
      else if (!path.includes(next)) walk(start, next, [...path, next]);
    }
  };
  for (const folder of edges.keys()) walk(folder, folder, [folder]);
  return [...cycles];
};

/** Handler files (functions/*.ts, functions/api/*.ts) longer than `maxLines`: handlers compose and call one thing. */
export const longHandlers = (files: readonly string[], maxLines: number, baseDir = repoRoot): string[] =>
  files
    .map((file) => ({ file, lines: readFileSync(join(baseDir, file), 'utf8').trimEnd().split('\n').length }))
    .filter(({ lines }) => lines > maxLines)
    .map(({ file, lines }) => `${file}: ${lines} lines (at most ${maxLines})`);

export { repoRoot };
