import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * What a running local hub writes to `<dataDir>/runtime.json` so the CLI (`npx hub360 ...`) can reach it
 * from another terminal. Removed again on a clean stop.
 */
export const RuntimeInfoSchema = z.object({
  pid: z.number().int(),
  startedAt: z.iso.datetime(),
  dataDir: z.string(),
  apiUrl: z.url(),
  /** The web console, served by the local gateway. */
  consoleUrl: z.url().optional(),
  busEndpoint: z.url(),
  busName: z.string(),
  storeEndpoint: z.url(),
  tableName: z.string(),
  streamArn: z.string(),
  region: z.string(),
  /** The environment the functions run with, so the CLI can run a connector exactly as the schedule does. */
  functionEnvironment: z.record(z.string(), z.string()),
});
export type RuntimeInfo = z.infer<typeof RuntimeInfoSchema>;

export const runtimeInfoFile = (dataDir: string): string => join(dataDir, 'runtime.json');

/** Reads the running hub's endpoints, or explains how to start one. */
export const readRuntimeInfo = (dataDir: string): RuntimeInfo => {
  const file = runtimeInfoFile(dataDir);
  if (!existsSync(file)) {
    throw new Error(`No local hub is running for ${dataDir} (no ${file}). Start one with \`npm start\`.`);
  }
  const parsed = RuntimeInfoSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file} is not a hub360 runtime file; stop the hub and start it again.`);
  return parsed.data;
};
