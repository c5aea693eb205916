import type { DynamoDbReader } from '../../adapters/dynamodb/dynamodb-reader.ts';
import { type CustomerIdentityReads, createCustomerIdentityReads } from './customer-identity-reads.ts';
import { type CustomerReads, createCustomerReads } from './customer-reads.ts';
import { createReadContext } from './read-context.ts';
import type { CustomerStoreOptions } from './store-options.ts';

/** The reads of the customer store and the reader they go through (its request counter). */
export type CustomerReadStore = CustomerReads & CustomerIdentityReads & { readonly reader: DynamoDbReader };

/**
 * The customer store's reads alone, for functions whose role cannot write: built from modules that import
 * no ingest, identity restructuring or erasure code, so their bundles do not carry it.
 */
export const createCustomerReadStore = (options: CustomerStoreOptions): CustomerReadStore => {
  const ctx = createReadContext(options);
  return { reader: ctx.reader, ...createCustomerReads(ctx), ...createCustomerIdentityReads(ctx) };
};
