import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../topology/schema.ts';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Imports a function's handler the way Lambda would resolve `entry.handler`, with a clear error if it is not there. */
export const loadHandler = async (
  name: string,
  spec: FunctionSpec,
  rootDir: string,
): Promise<LambdaHandler> => {
  const file = resolve(rootDir, spec.entry);
  if (!existsSync(file)) {
    throw new Error(`Function "${name}": entry ${spec.entry} does not exist (looked in ${rootDir})`);
  }
  const module: Record<string, unknown> = await import(pathToFileURL(file).href);
  const handler = module[spec.handler];
  if (typeof handler !== 'function') {
    throw new Error(`Function "${name}": ${spec.entry} does not export a function named "${spec.handler}"`);
  }
  return (event, context) => Promise.resolve(handler(event, context));
};
