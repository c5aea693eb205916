import type { CustomerStore } from '../../core/ports/customer-store.ts';
import { explainMissingCustomer, failUnlessFound } from './customer-state.ts';

export type PrivacyExportStore = Pick<CustomerStore, 'exportCustomer' | 'getCustomer360'>;
export type PrivacyStore = PrivacyExportStore & Pick<CustomerStore, 'eraseCustomer'>;

/** Export of one customer's data (GDPR Art. 15, 20), for the query API (read-only). */
export const createPrivacyExports = (store: PrivacyExportStore) => ({
  /** Everything the hub holds about a customer (the full view, not the API's capped one) and its merge ledger. */
  async export(customerId: string) {
    const exported = await store.exportCustomer(customerId);
    if (!exported) return explainMissingCustomer(store, customerId);
    return {
      customerId: exported.customerId,
      exportedAt: exported.exportedAt,
      view: exported.view,
      ledger: [...exported.ledger],
    };
  },
});

export type PrivacyExports = ReturnType<typeof createPrivacyExports>;

/** Erasure and export of one customer's data (GDPR Art. 15, 17, 20), for the query API. */
export const createPrivacyRequests = (store: PrivacyStore) => ({
  ...createPrivacyExports(store),

  /**
   * Erases a live customer. The id is checked first, because erasing is irreversible: a merged-away id
   * must not quietly erase (or fail to erase) the customer it now belongs to.
   */
  async erase(customerId: string, who: { requestedBy: string; reason: string }) {
    failUnlessFound(customerId, await store.getCustomer360(customerId));
    const result = await store.eraseCustomer(customerId, who);
    if (result.kind === 'notFound') return explainMissingCustomer(store, customerId);
    return {
      customerId,
      itemsDeleted: result.itemsDeleted,
      identifiersSuppressed: result.identifiersSuppressed,
    };
  },
});

export type PrivacyRequests = ReturnType<typeof createPrivacyRequests>;
