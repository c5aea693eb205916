import type { Customer360Result, CustomerStore } from '../../core/ports/customer-store.ts';
import { CustomerErasedError, CustomerMergedError, CustomerNotFoundError } from './errors.ts';

/** Turns a 360 read that found no live customer into the error that tells the client why. */
export const failUnlessFound = (
  customerId: string,
  result: Customer360Result,
): Extract<Customer360Result, { kind: 'found' }> => {
  switch (result.kind) {
    case 'found':
      return result;
    case 'merged':
      throw new CustomerMergedError(customerId, result.mergedInto);
    case 'erased':
      throw new CustomerErasedError(customerId);
    case 'notFound':
      throw new CustomerNotFoundError(customerId);
  }
};

/**
 * Explains why a read came back empty: merged away, erased or unknown. Only called on the empty path,
 * so the common case costs no extra request.
 */
export const explainMissingCustomer = async (
  store: Pick<CustomerStore, 'getCustomer360'>,
  customerId: string,
): Promise<never> => {
  failUnlessFound(customerId, await store.getCustomer360(customerId));
  // The customer exists after all (e.g. it was created between the two reads); report it as not found
  // rather than inventing data.
  throw new CustomerNotFoundError(customerId);
};
