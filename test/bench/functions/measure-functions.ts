import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repositoryRoot } from '../../../infra/aws/hub-stack.ts';
import { measureBundles } from '../../../infra/aws/report/bundle-sizes.ts';
import type { FunctionBundle, FunctionsResult, InputModule } from '../report/results.ts';
import { summarizeLatencies } from '../stats/latency.ts';
import { measureColdLoad } from './cold-load.ts';
import { bytesPerSource, moduleOf, type SourceMapV3, sourceName } from './source-map-attribution.ts';
import { synthesizeBundles } from './synth-bundles.ts';
import { findUnusedCode, functionNeeds } from './unused-code-rules.ts';

export interface FunctionsBenchOptions {
  /** Fresh-process imports per function. */
  readonly coldLoadRuns: number;
  readonly largestInputs: number;
}

const largestModules = (bySource: ReadonlyMap<string, number>, count: number): InputModule[] => {
  const byModule = new Map<string, number>();
  for (const [source, bytes] of bySource)
    byModule.set(moduleOf(source), (byModule.get(moduleOf(source)) ?? 0) + bytes);
  return [...byModule.entries()]
    .map(([module, bytes]) => ({ module, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
};

/**
 * Every topology function as CDK bundles it for Lambda: size (the deployment's own bundle-size report),
 * where the bytes come from, code its declaration says it cannot use, and the time to import it cold.
 */
export const measureFunctions = async (options: FunctionsBenchOptions): Promise<FunctionsResult> => {
  const outdir = mkdtempSync(join(tmpdir(), 'hub360-bench-synth-'));
  try {
    const started = performance.now();
    // The stage's own topology: its connector instances decide which functions a schedule runs.
    const { topology, bundles } = synthesizeBundles(outdir);
    const synthSeconds = (performance.now() - started) / 1000;
    const sizes = new Map(measureBundles(outdir).map((size) => [size.name, size]));
    const needs = new Map(functionNeeds(topology).map((n) => [n.name, n]));

    const functions: FunctionBundle[] = [];
    for (const bundle of [...bundles].sort((a, b) => a.name.localeCompare(b.name))) {
      const size = sizes.get(bundle.name);
      const need = needs.get(bundle.name);
      if (!size || !need)
        throw new Error(`function ${bundle.name} is in the assembly but not in the topology`);
      const code = readFileSync(join(bundle.assetDir, 'index.mjs'), 'utf8');
      const map = JSON.parse(readFileSync(join(bundle.assetDir, 'index.mjs.map'), 'utf8')) as SourceMapV3;
      const bySource = new Map<string, number>();
      for (const [source, bytes] of bytesPerSource(code, map)) {
        const name = sourceName(source, bundle.assetDir, repositoryRoot);
        bySource.set(name, (bySource.get(name) ?? 0) + bytes);
      }
      const loads: number[] = [];
      let coldLoadError: string | undefined;
      for (let run = 0; run < options.coldLoadRuns && coldLoadError === undefined; run++) {
        try {
          loads.push(await measureColdLoad(bundle.assetDir, bundle.name, bundle.environment));
        } catch (err: unknown) {
          coldLoadError = err instanceof Error ? err.message : String(err);
        }
      }
      functions.push({
        name: bundle.name,
        bytes: size.bytes,
        gzipBytes: size.gzipBytes,
        sourceMapBytes: size.sourceMapBytes,
        coldLoad: loads.length > 0 ? summarizeLatencies(loads) : null,
        ...(coldLoadError ? { coldLoadError } : {}),
        largestInputs: largestModules(bySource, options.largestInputs),
        unusedModules: findUnusedCode(need, bySource),
      });
    }
    const offenders = functions.filter((f) => f.unusedModules.length > 0);
    return {
      synthSeconds,
      functions,
      check: {
        budget: 'no function bundles code it does not use',
        measured:
          offenders.length === 0
            ? `${functions.length} bundles, none with code outside their grants and routes`
            : `${offenders.length} of ${functions.length} bundles carry unusable code: ${offenders
                .map((f) => `${f.name} (${f.unusedModules.map((u) => u.module).join(', ')})`)
                .join('; ')}`,
        pass: offenders.length === 0,
      },
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};
