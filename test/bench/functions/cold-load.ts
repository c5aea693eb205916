import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Runs in the child: the time to import the bundle, which is the module-load part of a Lambda cold start.
const IMPORT_AND_TIME = [
  "const { performance } = await import('node:perf_hooks');",
  'const started = performance.now();',
  'await import(process.env.BENCH_BUNDLE_URL);',
  'process.stdout.write(JSON.stringify({ importMs: performance.now() - started }));',
].join('\n');

/** Region and credentials for SDK clients created at module load; nothing is sent. */
const LAMBDA_LIKE_ENVIRONMENT = {
  AWS_REGION: 'eu-central-1',
  AWS_DEFAULT_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * Imports a function's bundle in a fresh `node` process with the function's own environment (including its
 * `NODE_OPTIONS`, so source-map support costs what it costs on Lambda) and returns the import time in ms.
 */
export const measureColdLoad = (
  assetDir: string,
  name: string,
  environment: Readonly<Record<string, string>>,
): Promise<number> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '--eval', IMPORT_AND_TIME], {
      cwd: assetDir,
      env: {
        PATH: process.env.PATH ?? '',
        ...LAMBDA_LIKE_ENVIRONMENT,
        ...environment,
        AWS_LAMBDA_FUNCTION_NAME: name,
        BENCH_BUNDLE_URL: pathToFileURL(join(assetDir, 'index.mjs')).href,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const match = /\{"importMs":([0-9.]+)\}/.exec(stdout);
      if (code === 0 && match?.[1]) resolve(Number(match[1]));
      else
        reject(new Error(`importing ${name}'s bundle failed (exit ${code}): ${stderr.trim().slice(-600)}`));
    });
  });
