import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../topology/schema.ts';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Imports a module by URL; each hub has its own (see `hubModuleLoader`). */
export type ImportModule = (url: string) => Promise<Record<string, unknown>>;

let hubsStarted = 0;

/**
 * Where one hub's function modules come from. Functions keep their AWS clients in module scope, as on Lambda,
 * built from the endpoints in the environment when the module loads. A second hub started in the same
 * process (a test that restarts the hub, the bench's phases) has other endpoints, so it must not reuse the
 * first one's modules: their clients would still call the first hub's stopped store and bus. The first hub
 * imports as usual; every later one gets a module graph of its own through a tsx namespace, as a new
 * deployment gets fresh Lambda sandboxes. `release` unregisters the namespace when the hub stops.
 */
export const hubModuleLoader = (): {
  readonly importModule: ImportModule;
  readonly release: () => Promise<void>;
} => {
  hubsStarted += 1;
  if (hubsStarted === 1) return { importModule: (url) => import(url), release: async () => {} };
  // Only a later hub loads tsx's API; the usual single hub of `npm start` does not pay for it.
  const name = `hub360-hub-${hubsStarted}`;
  const namespace = import('tsx/esm/api').then(({ register }) => register({ namespace: name }));
  return {
    importModule: async (url) =>
      (await namespace).import(url, import.meta.url) as Promise<Record<string, unknown>>,
    release: async () => (await namespace).unregister(),
  };
};

/** Imports a function's handler the way Lambda would resolve `entry.handler`, with a clear error if it is not there. */
export const loadHandler = async (
  name: string,
  spec: FunctionSpec,
  rootDir: string,
  importModule: ImportModule = (url) => import(url),
): Promise<LambdaHandler> => {
  const file = resolve(rootDir, spec.entry);
  if (!existsSync(file)) {
    throw new Error(`Function "${name}": entry ${spec.entry} does not exist (looked in ${rootDir})`);
  }
  const module = await importModule(pathToFileURL(file).href);
  const handler = module[spec.handler];
  if (typeof handler !== 'function') {
    throw new Error(`Function "${name}": ${spec.entry} does not export a function named "${spec.handler}"`);
  }
  return (event, context) => Promise.resolve(handler(event, context));
};
