import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, buildSync } from 'esbuild';

/** The console's source folder. */
export const consoleRoot = fileURLToPath(new URL('.', import.meta.url));

const options = (outDir: string): BuildOptions => ({
  entryPoints: [
    { in: join(consoleRoot, 'src/main.tsx'), out: 'app' },
    { in: join(consoleRoot, 'src/styles.css'), out: 'app' },
  ],
  outdir: outDir,
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'esm',
  // Charts load as their own chunk when a business view first draws one, so the agent view stays small.
  splitting: true,
  // Flat names: the local hub serves only the build folder's top-level files.
  chunkNames: 'chunk-[hash]',
  target: ['chrome109', 'firefox115', 'safari16', 'edge109'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'silent',
  // The console imports only types from schemas/; a value import would pull zod into the page.
  metafile: true,
});

const finish = (outDir: string) => {
  copyFileSync(join(consoleRoot, 'index.html'), join(outDir, 'index.html'));
};

/**
 * Builds the console into `outDir`: index.html, app.js, app.css (plus source maps). Fast enough (esbuild)
 * to run on every `npm start` and inside `cdk synth`, which stays offline.
 */
export const buildConsole = async (outDir: string): Promise<void> => {
  mkdirSync(outDir, { recursive: true });
  await build(options(outDir));
  finish(outDir);
};

/** The same build, synchronously, for CDK constructs (constructors cannot await). */
export const buildConsoleSync = (outDir: string): void => {
  mkdirSync(outDir, { recursive: true });
  buildSync(options(outDir));
  finish(outDir);
};
