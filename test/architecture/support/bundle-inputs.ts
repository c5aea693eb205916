import { relative } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles a handler as the deployment does (HubFunction's esbuild options, minified ESM for Node 22) without
 * writing it, and returns the bytes each input contributes, named as the bench names sources
 * (`core/ingest/x.ts`, `zod:v4/locales/de.js`).
 */
export const bundleInputs = async (entry: string, repoRoot: string): Promise<Map<string, number>> => {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: repoRoot,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    logLevel: 'silent',
  });
  const bytes = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
      if (bytesInOutput > 0) bytes.set(sourceNameOf(input, repoRoot), bytesInOutput);
  return bytes;
};

const sourceNameOf = (input: string, repoRoot: string): string => {
  const path = (input.startsWith('/') ? relative(repoRoot, input) : input).replaceAll('\\', '/');
  const modules = path.lastIndexOf('node_modules/');
  if (modules < 0) return path;
  const parts = path.slice(modules + 'node_modules/'.length).split('/');
  const packageName = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
  return `${packageName}:${parts.slice(packageName.split('/').length).join('/')}`;
};
