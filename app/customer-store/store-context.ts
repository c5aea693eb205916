import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { DynamoDbBackend } from '../../adapters/dynamodb/dynamodb-backend.ts';
import { type IdentityConfig, IdentityConfigSchema } from '../../core/identity/identity-config.ts';
import { hashIdentifier } from '../../core/items/keys.ts';
import { backoffDelayMs, type RetryPolicy, sleepMs } from '../../core/retry/retry-policy.ts';
import type { CustomerStoreOptions } from './store-options.ts';

/** What every operation group of the store shares: the table, its client and backend, config and clock. */
export interface StoreContext {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly config: IdentityConfig;
  readonly backend: DynamoDbBackend;
  readonly hashOf: (idKey: string) => string;
  readonly now: () => Date;
  readonly newCustomerId: () => string;
  readonly maxAttempts: number;
  readonly pause: (attempt: number) => Promise<void>;
}

const newCustomerId = () => `cus_${randomUUID().replaceAll('-', '').slice(0, 24)}`;

/** Resolves the store options into the context the operation groups are built from. */
export const createStoreContext = (options: CustomerStoreOptions): StoreContext => {
  const client: DynamoDBDocumentClient = options.documentClient ?? createDocumentClient();
  const tableName = options.tableName;
  const salt = options.identifierSalt ?? tableName;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 25;
  // Ten doublings of the first delay at most, as before the policy was shared.
  const retry: RetryPolicy = { maxAttempts, baseDelayMs, maxDelayMs: baseDelayMs * 2 ** 10 };
  return {
    client,
    tableName,
    config: IdentityConfigSchema.parse(options.identity ?? {}),
    backend: new DynamoDbBackend(client, tableName, retry),
    hashOf: (idKey: string) => hashIdentifier(salt, idKey),
    now: options.now ?? (() => new Date()),
    newCustomerId,
    maxAttempts,
    pause: (attempt: number) => sleepMs(backoffDelayMs(retry, attempt)),
  };
};
