// The prebuilt `hub360` CLI: one esbuild bundle of infra/local/cli (each command a lazily loaded chunk), kept
// under node_modules/.cache and rebuilt when any source it was built from changes. Running it costs a few
// hundred milliseconds; transpiling the TypeScript tree with tsx on every call cost seconds.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, 'node_modules', '.cache', 'hub360-cli');
const currentFile = join(cacheDir, 'current.json');
const ENTRY = 'infra/local/cli/main.ts';
/** Besides the sources: a dependency update changes the lock file, and the bundle holds the dependencies. */
const ALWAYS_CHECKED = ['package-lock.json', 'bin/cli-bundle.mjs'];
/** Older builds are removed once no CLI started before the switch can still be loading their chunks. */
const OLD_BUILD_GRACE_MS = 60_000;

/** A file's modification time (absolute path, or relative to the repository root); undefined if missing. */
const mtimeOf = (file) => {
  try {
    return statSync(resolve(root, file)).mtimeMs;
  } catch {
    return undefined;
  }
};

/** The current build's entry file, if no input changed since it was built; otherwise undefined. */
export const freshCliBundle = () => {
  let current;
  try {
    current = JSON.parse(readFileSync(currentFile, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof current?.main !== 'string' || typeof current.inputs !== 'object') return undefined;
  for (const [file, mtimeMs] of Object.entries(current.inputs)) {
    if (mtimeOf(file) !== mtimeMs) return undefined;
  }
  const main = join(cacheDir, current.main);
  return mtimeOf(main) === undefined ? undefined : main;
};

const removeOldBuilds = (keep) => {
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith('build-') || name === keep) continue;
    const dir = join(cacheDir, name);
    try {
      if (Date.now() - statSync(dir).mtimeMs > OLD_BUILD_GRACE_MS)
        rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another CLI removed it first.
    }
  }
};

/**
 * Bundles the CLI with esbuild (a development dependency) into a new build folder and makes it current.
 * Concurrent builds are harmless: each writes its own folder, and the last to switch wins.
 */
export const buildCliBundle = async () => {
  const { build } = await import('esbuild');
  const name = `build-${Date.now()}-${process.pid}`;
  const outdir = join(cacheDir, name);
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: ENTRY },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    metafile: true,
    // Less to parse on every call (the AWS SDK and zod dominate); names kept for readable errors.
    minify: true,
    keepNames: true,
    logLevel: 'silent',
    // Bundled CommonJS dependencies still call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __hub360Require } from 'node:module'; const require = __hub360Require(import.meta.url);",
    },
  });
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  const inputs = Object.fromEntries(
    [...sources, ...ALWAYS_CHECKED].map((file) => [file, mtimeOf(file) ?? -1]),
  );
  const staged = `${currentFile}.${process.pid}`;
  writeFileSync(staged, JSON.stringify({ main: `${name}/main.js`, inputs }));
  renameSync(staged, currentFile);
  removeOldBuilds(name);
  return join(outdir, 'main.js');
};

/** Runs the CLI from its bundle, building it first when it is missing or stale; `undefined` when it cannot. */
export const runCliBundle = async () => {
  let main = freshCliBundle();
  if (!main) {
    try {
      main = await buildCliBundle();
    } catch {
      // No esbuild (a production install) or a build error: the caller runs the sources through tsx instead.
      return false;
    }
  }
  await import(pathToFileURL(main).href);
  return true;
};

// `node bin/cli-bundle.mjs` (npm's `prepare`): builds ahead of the first call; never fails an install over it.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    await buildCliBundle();
  } catch (err) {
    process.stderr.write(
      `hub360: the CLI bundle was not built (${err instanceof Error ? err.message : err}); it builds at first use\n`,
    );
  }
}
