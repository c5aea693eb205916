import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { DynamoDbReader } from '../../adapters/dynamodb/dynamodb-reader.ts';
import { type IdentityConfig, IdentityConfigSchema } from '../../core/identity/identity-config.ts';
import { hashIdentifier } from '../../core/items/keys.ts';
import type { RetryPolicy } from '../../core/retry/retry-policy.ts';
import type { CustomerStoreOptions } from './store-options.ts';

/** What the read operations share: the table, its client and reader, config and clock. No write code. */
export interface ReadContext {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly config: IdentityConfig;
  readonly reader: DynamoDbReader;
  readonly hashOf: (idKey: string) => string;
  readonly now: () => Date;
}

/** The store's retry policy from its options: ten doublings of the first delay at most. */
export const storeRetryPolicy = (options: CustomerStoreOptions): RetryPolicy => {
  const baseDelayMs = options.baseDelayMs ?? 25;
  return { maxAttempts: options.maxAttempts ?? 8, baseDelayMs, maxDelayMs: baseDelayMs * 2 ** 10 };
};

/** Everything of the context but the reader, which the full store replaces by its backend. */
export const readSettings = (options: CustomerStoreOptions): Omit<ReadContext, 'reader'> => {
  const salt = options.identifierSalt ?? options.tableName;
  return {
    client: options.documentClient ?? createDocumentClient(),
    tableName: options.tableName,
    config: IdentityConfigSchema.parse(options.identity ?? {}),
    hashOf: (idKey: string) => hashIdentifier(salt, idKey),
    now: options.now ?? (() => new Date()),
  };
};

/** The context of a read-only store (query API functions whose role cannot write). */
export const createReadContext = (options: CustomerStoreOptions): ReadContext => {
  const settings = readSettings(options);
  return {
    ...settings,
    reader: new DynamoDbReader(settings.client, settings.tableName, storeRetryPolicy(options)),
  };
};
