import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LocalSettings } from '../settings.ts';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';

/**
 * Starts the hub's store, DynamoDB Local, in the data folder (emptied first with `--fresh`). `npm start` calls
 * this before it loads the rest of the runtime, so the JVM's start, the longest single step of a start-up,
 * overlaps the module loading instead of following it.
 */
export const startLocalStore = (
  settings: Pick<LocalSettings, 'dataDir' | 'storePort' | 'fresh'>,
): Promise<RunningDynamoDbLocal> => {
  const dir = join(resolve(settings.dataDir), 'store');
  if (settings.fresh) rmSync(dir, { recursive: true, force: true });
  return startDynamoDbLocal({ port: settings.storePort, dataDir: dir });
};
