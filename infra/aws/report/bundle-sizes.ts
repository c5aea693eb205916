import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as z from 'zod';

/** Size of one function's bundle as synthesized into a cloud assembly. */
export interface BundleSize {
  /** The function's topology name. */
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly sourceMapBytes: number;
}

/** The parts of a synthesized template that locate each function's bundle and environment. */
export const TemplateSchema = z.object({
  Resources: z.record(
    z.string(),
    z.object({
      Type: z.string(),
      Metadata: z.object({ 'aws:asset:path': z.string().optional() }).loose().optional(),
      Properties: z
        .object({
          Environment: z.object({ Variables: z.record(z.string(), z.unknown()).optional() }).optional(),
        })
        .loose()
        .optional(),
    }),
  ),
});

/**
 * Measures every hub function bundle in a cloud assembly (`cdk synth` output): the function is named by
 * its `POWERTOOLS_SERVICE_NAME` (its topology name), the bundle found through the asset path metadata.
 */
export const measureBundles = (assemblyDir: string): BundleSize[] => {
  const templates = readdirSync(assemblyDir).filter((file) => file.endsWith('.template.json'));
  return templates
    .flatMap((file) => {
      const template = TemplateSchema.parse(JSON.parse(readFileSync(join(assemblyDir, file), 'utf8')));
      return Object.values(template.Resources).flatMap((resource) => {
        const assetPath = resource.Metadata?.['aws:asset:path'];
        const name = resource.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
        if (resource.Type !== 'AWS::Lambda::Function' || !assetPath || typeof name !== 'string') return [];
        const bundle = readFileSync(join(assemblyDir, assetPath, 'index.mjs'));
        return [
          {
            name,
            bytes: bundle.byteLength,
            gzipBytes: gzipSync(bundle).byteLength,
            sourceMapBytes: statSync(join(assemblyDir, assetPath, 'index.mjs.map')).size,
          },
        ];
      });
    })
    .sort((a, b) => a.name.localeCompare(b.name));
};

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** A Markdown table of bundle sizes, as the README lists them. */
export const bundleSizeTable = (sizes: readonly BundleSize[]): string =>
  [
    '| function | bundle (minified ESM) | gzip | source map |',
    '| --- | ---: | ---: | ---: |',
    ...sizes.map((s) => `| ${s.name} | ${kib(s.bytes)} | ${kib(s.gzipBytes)} | ${kib(s.sourceMapBytes)} |`),
  ].join('\n');

// `npx tsx infra/aws/report/bundle-sizes.ts [cdk.out]` after `npm run synth`.
if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  console.log(bundleSizeTable(measureBundles(resolve(process.argv[2] ?? 'cdk.out'))));
}
