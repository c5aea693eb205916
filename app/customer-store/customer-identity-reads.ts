import { buildCustomer360Query } from '../../adapters/dynamodb/queries.ts';
import { buildCustomer360 } from '../../core/customer-360/build-customer-360.ts';
import { explainFromItems } from '../../core/identity/explain-identity.ts';
import { keys } from '../../core/items/keys.ts';
import type { CustomerExport, CustomerStore } from '../../core/ports/customer-store.ts';
import type { ReadContext } from './read-context.ts';

export type CustomerIdentityReads = Pick<CustomerStore, 'explainIdentity' | 'exportCustomer'>;

/** Reads over a customer's identity evidence: why it is one customer, and everything held about it. */
export const createCustomerIdentityReads = (ctx: ReadContext): CustomerIdentityReads => {
  const { reader, config, now, tableName } = ctx;
  const customerItems = (customerId: string) => reader.query(buildCustomer360Query(tableName, customerId));

  return {
    explainIdentity: async (customerId) => {
      const { items } = await customerItems(customerId);
      const profile = items.find((i) => i.sk === keys.profile);
      return profile?.status === 'active' ? explainFromItems(customerId, items) : undefined;
    },

    exportCustomer: async (customerId): Promise<CustomerExport | undefined> => {
      const { items } = await customerItems(customerId);
      const profile = items.find((i) => i.sk === keys.profile);
      if (profile?.status !== 'active') return undefined;
      return {
        customerId,
        exportedAt: now().toISOString(),
        view: buildCustomer360(customerId, items, config.sourcePriority),
        ledger: explainFromItems(customerId, items).ledger,
      };
    },
  };
};
