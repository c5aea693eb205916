import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleInputs } from './support/bundle-inputs.ts';
import { repoRoot } from './support/cruise-layers.ts';

/** Packages a CLI call must not load: the hub reads its store and signs nothing with an SDK client for it. */
const HEAVY = [
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  'aws-xray-sdk-core',
  '@aws-lambda-powertools',
];

const COMMANDS = [
  'infra/local/cli/commands/connectors.ts',
  'infra/local/cli/commands/connectors-check.ts',
  'infra/local/cli/commands/quarantine.ts',
  'infra/local/cli/commands/dead-letters.ts',
  'infra/local/cli/commands/rules.ts',
  'infra/local/cli/commands/rules-outcomes.ts',
  'infra/local/cli/commands/store.ts',
  'infra/local/cli/commands/sync.ts',
  'infra/local/cli/commands/token.ts',
];

const packagesOf = (inputs: Map<string, number>) =>
  [
    ...new Set(
      [...inputs.keys()].filter((name) => name.includes(':')).flatMap((name) => name.split(':')[0] ?? []),
    ),
  ].sort();

/** The packages the CLI entry loads before any command runs: its static imports, as bin/cli-bundle.mjs splits it. */
const packagesLoadedAtStart = async (): Promise<string[]> => {
  const { metafile } = await build({
    absWorkingDir: repoRoot,
    entryPoints: { main: 'infra/local/cli/main.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    outdir: 'cli-bundle-check',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const loaded = new Set<string>();
  const visit = (output: string) => {
    if (loaded.has(output)) return;
    loaded.add(output);
    for (const imported of metafile.outputs[output]?.imports ?? [])
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit('cli-bundle-check/main.js');
  const packages = [...loaded].flatMap((output) =>
    Object.keys(metafile.outputs[output]?.inputs ?? {}).flatMap(
      (input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? [],
    ),
  );
  return [...new Set(packages)].sort();
};

describe('hub360 CLI commands (each a lazily loaded chunk of the CLI bundle)', () => {
  it.each(COMMANDS)(
    '%s bundles no AWS SDK client, X-Ray or Powertools (it asks the running hub)',
    async (entry) => {
      const inputs = await bundleInputs(entry, repoRoot);

      const heavy = packagesOf(inputs).filter((p) => HEAVY.some((h) => p === h || p.startsWith(`${h}/`)));
      expect(heavy).toEqual([]);
    },
  );

  it('loads only commander before a command runs, so `--help` and a typo load no zod, SDK or command', async () => {
    expect(await packagesLoadedAtStart()).toEqual(['commander']);
  });
});
