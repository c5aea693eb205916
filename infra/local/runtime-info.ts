import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

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
  /** Operator routes (sync, check, names), SigV4-signed with the hub's local credentials. */
  adminUrl: z.url(),
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

/** The secret part of the function environment, kept apart from runtime.json (owner-only, removed on stop). */
export const runtimeSecretsFile = (dataDir: string): string => join(dataDir, 'runtime-secrets.json');

const RuntimeSecretsSchema = z.record(z.string(), z.string());

/** Connector and API secrets (`HUB_SECRET_*`) and AWS credentials never go into runtime.json. */
const isSecretVariable = (name: string): boolean =>
  name.startsWith('HUB_SECRET_') || name === 'AWS_SECRET_ACCESS_KEY' || name === 'AWS_SESSION_TOKEN';

const writeOwnerOnly = (file: string, text: string) => {
  writeFileSync(file, text, { mode: 0o600 });
  // `mode` only applies when the file is created; a file left by a crashed run keeps its old mode otherwise.
  chmodSync(file, 0o600);
};

/**
 * Writes runtime.json for the CLI without any secret value, and the secrets the CLI needs to run a connector
 * as the schedule does into a separate file; both readable by the owner only.
 */
export const writeRuntimeInfo = (dataDir: string, info: RuntimeInfo): (() => void) => {
  const secrets: Record<string, string> = {};
  const functionEnvironment: Record<string, string> = {};
  for (const [name, value] of Object.entries(info.functionEnvironment)) {
    if (isSecretVariable(name)) secrets[name] = value;
    else functionEnvironment[name] = value;
  }
  writeOwnerOnly(runtimeSecretsFile(dataDir), JSON.stringify(secrets));
  writeOwnerOnly(runtimeInfoFile(dataDir), JSON.stringify({ ...info, functionEnvironment }, null, 2));
  return () => {
    rmSync(runtimeInfoFile(dataDir), { force: true });
    rmSync(runtimeSecretsFile(dataDir), { force: true });
  };
};

/** Reads the running hub's endpoints, or explains how to start one. */
export const readRuntimeInfo = (dataDir: string): RuntimeInfo => {
  const file = runtimeInfoFile(dataDir);
  if (!existsSync(file)) {
    throw new Error(`No local hub is running for ${dataDir} (no ${file}). Start one with \`npm start\`.`);
  }
  const parsed = RuntimeInfoSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file} is not a hub360 runtime file; stop the hub and start it again.`);
  const secretsFile = runtimeSecretsFile(dataDir);
  const secrets = existsSync(secretsFile)
    ? RuntimeSecretsSchema.parse(JSON.parse(readFileSync(secretsFile, 'utf8')))
    : {};
  return { ...parsed.data, functionEnvironment: { ...parsed.data.functionEnvironment, ...secrets } };
};
