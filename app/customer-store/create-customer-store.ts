import type { DynamoDbBackend } from '../../adapters/dynamodb/dynamodb-backend.ts';
import type { CustomerStore } from '../../core/ports/customer-store.ts';
import { createCustomerIdentityOps } from './customer-identity-ops.ts';
import { createCustomerIdentityReads } from './customer-identity-reads.ts';
import { createCustomerIngest } from './customer-ingest.ts';
import { createCustomerInsights } from './customer-insights.ts';
import { createCustomerReads } from './customer-reads.ts';
import { createStoreContext } from './store-context.ts';
import type { CustomerStoreOptions } from './store-options.ts';

export type { CustomerStoreOptions } from './store-options.ts';

/** A store plus the backend it talks through (the bench and tests read its request counter). */
export type DynamoCustomerStore = CustomerStore & { readonly backend: DynamoDbBackend };

/** Creates the customer-360 store over a DynamoDB table (DynamoDB Local or AWS; only the endpoint differs). */
export const createCustomerStore = (options: CustomerStoreOptions): DynamoCustomerStore => {
  const ctx = createStoreContext(options);
  return {
    backend: ctx.backend,
    ...createCustomerIngest(ctx),
    ...createCustomerReads(ctx),
    ...createCustomerIdentityReads(ctx),
    ...createCustomerIdentityOps(ctx),
    ...createCustomerInsights(ctx),
  };
};
