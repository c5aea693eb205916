import { randomUUID } from 'node:crypto';
import { DynamoDbBackend } from '../../adapters/dynamodb/dynamodb-backend.ts';
import { backoffDelayMs, sleepMs } from '../../core/retry/retry-policy.ts';
import { type ReadContext, readSettings, storeRetryPolicy } from './read-context.ts';
import type { CustomerStoreOptions } from './store-options.ts';

/** What every operation group of the store shares: the read context plus the backend writes go through. */
export interface StoreContext extends ReadContext {
  readonly backend: DynamoDbBackend;
  readonly newCustomerId: () => string;
  readonly maxAttempts: number;
  readonly pause: (attempt: number) => Promise<void>;
  readonly plainWrites: boolean;
}

const newCustomerId = () => `cus_${randomUUID().replaceAll('-', '').slice(0, 24)}`;

/** Resolves the store options into the context the operation groups are built from. */
export const createStoreContext = (options: CustomerStoreOptions): StoreContext => {
  const settings = readSettings(options);
  const retry = storeRetryPolicy(options);
  // One backend for reads and writes, so its request counter sees both.
  const backend = new DynamoDbBackend(settings.client, settings.tableName, retry);
  return {
    ...settings,
    reader: backend,
    backend,
    newCustomerId,
    maxAttempts: retry.maxAttempts,
    pause: (attempt: number) => sleepMs(backoffDelayMs(retry, attempt)),
    plainWrites: options.plainWrites !== false,
  };
};
