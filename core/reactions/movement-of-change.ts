import { type ChangeRecord, isRewrite } from '../events/change-record.ts';
import type { MovementFacts } from './rule-outcomes.ts';

const DAY_MS = 86_400_000;
const NONE: MovementFacts = { orders: [], paidInvoices: new Map(), stockArrivals: [] };

/** A committed change that may close the loop of earlier reactions: whose, when, and the facts it brings. */
export interface MovementChange {
  /** Whose reactions it may convert: a customer's (orders, payments) or a part's (stock). */
  readonly subject: { readonly customerId: string } | { readonly partNumber: string };
  /** When the movement happened (a date counts as its last second, as the outcome rules read it). */
  readonly at: number;
  readonly facts: MovementFacts;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const timeOf = (at: string) => Date.parse(at.length === 10 ? `${at}T23:59:59Z` : at);

/**
 * The movement a change of a source record reports, if any: an order placed (not a quote, not cancelled),
 * an invoice paid, stock on hand of a part. Moves of records between customers (merges) bring nothing new.
 */
export const movementOfChange = (change: ChangeRecord): MovementChange | undefined => {
  const image = change.newImage;
  if (change.eventName === 'REMOVE' || !image || image.kind !== 'record' || isRewrite(image))
    return undefined;
  const data = (image.data ?? {}) as Record<string, unknown>;
  const customerId = str(image.customerId);
  switch (image.entity) {
    case 'order': {
      const orderedAt = str(data.orderedAt);
      if (!customerId || !orderedAt || data.status === 'quote' || data.status === 'cancelled')
        return undefined;
      const lines = Array.isArray(data.lines) ? (data.lines as { partNumber?: unknown }[]) : [];
      return {
        subject: { customerId },
        at: timeOf(orderedAt),
        facts: {
          ...NONE,
          orders: [
            {
              orderNumber: String(data.orderNumber),
              orderedAt,
              parts: lines.map((l) => String(l.partNumber)),
            },
          ],
        },
      };
    }
    case 'invoice': {
      const paidOn = str(data.paidOn);
      const recordKey = str(image.recordKey);
      if (!customerId || !recordKey || data.status !== 'paid' || !paidOn) return undefined;
      return {
        subject: { customerId },
        at: timeOf(paidOn),
        facts: { ...NONE, paidInvoices: new Map([[recordKey, paidOn]]) },
      };
    }
    case 'inventory': {
      // The store keeps the latest stock per site; a site updated with stock on hand counts as an arrival then.
      const at = str((image.source as { version?: unknown } | undefined)?.version);
      const partNumber = str(data.partNumber);
      const quantity = Number(data.onHand ?? 0);
      if (!partNumber || !at || Number.isNaN(Date.parse(at)) || !(quantity > 0)) return undefined;
      return {
        subject: { partNumber },
        at: Date.parse(at),
        facts: { ...NONE, stockArrivals: [{ at, quantity }] },
      };
    }
    // Stryker disable next-line ConditionalExpression: an emptied default falls out of the switch, and the function returns undefined all the same
    default:
      return undefined;
  }
};

/** The send times of the reactions a movement at `at` can convert: those sent within the window before it. */
export const reactionsSentRange = (at: number, windowDays: number): { from: string; until: string } => ({
  from: new Date(at - windowDays * DAY_MS).toISOString(),
  until: new Date(at).toISOString(),
});
