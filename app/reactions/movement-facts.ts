import type { StoreBackend } from '../../core/ports/store-backend.ts';
import { recordFacts } from '../../core/reactions/customer-facts.ts';
import type { MovementFacts } from '../../core/reactions/rule-outcomes.ts';

const NONE: MovementFacts = { orders: [], paidInvoices: new Map(), stockArrivals: [] };

/**
 * Reads what moved for a customer (orders, paid invoices) or a part (stock updates) from the store,
 * one partition read each, remembered for the request so a page of reactions reads each once.
 */
export const createMovementReader = (backend: Pick<StoreBackend, 'readPartition'>) => {
  const customers = new Map<string, Promise<MovementFacts>>();
  const parts = new Map<string, Promise<MovementFacts>>();
  const customer = (customerId: string) => {
    let facts = customers.get(customerId);
    if (!facts) {
      facts = backend.readPartition(`CUST#${customerId}`).then((items) => {
        const records = recordFacts(items);
        return {
          ...NONE,
          orders: records
            .filter((r) => r.entity === 'order' && r.data.status !== 'quote' && r.data.status !== 'cancelled')
            .map((r) => ({
              orderNumber: String(r.data.orderNumber),
              orderedAt: String(r.data.orderedAt),
              parts: Array.isArray(r.data.lines)
                ? (r.data.lines as { partNumber?: unknown }[]).map((l) => String(l.partNumber))
                : [],
            })),
          paidInvoices: new Map(
            records
              .filter(
                (r) =>
                  r.entity === 'invoice' && r.data.status === 'paid' && typeof r.data.paidOn === 'string',
              )
              .map((r) => [r.recordKey, String(r.data.paidOn)]),
          ),
        };
      });
      customers.set(customerId, facts);
    }
    return facts;
  };
  const part = (partNumber: string) => {
    let facts = parts.get(partNumber);
    if (!facts) {
      facts = backend.readPartition(`PRODUCT#${partNumber}`).then((items) => ({
        ...NONE,
        // The store keeps the latest stock per site; a site updated with stock on hand counts as an arrival then.
        stockArrivals: items
          .filter((item) => item.kind === 'record' && item.entity === 'inventory')
          .map((item) => ({
            at: String((item.source as { version?: unknown } | undefined)?.version ?? ''),
            quantity: Number((item.data as { onHand?: unknown } | undefined)?.onHand ?? 0),
          }))
          .filter((arrival) => arrival.quantity > 0 && !Number.isNaN(Date.parse(arrival.at))),
      }));
      parts.set(partNumber, facts);
    }
    return facts;
  };
  return {
    forReaction: (record: {
      customerId?: string;
      partNumber?: string;
      kind: string;
    }): Promise<MovementFacts> => {
      if (record.kind === 'demandSignal' && record.partNumber) return part(record.partNumber);
      return record.customerId ? customer(record.customerId) : Promise.resolve(NONE);
    },
  };
};
