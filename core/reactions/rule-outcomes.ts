import type { ReactionRecord, RuleOutcome } from '../../schemas/api/reactions.ts';
import type { LedgerEntry } from './reaction-record.ts';

const DAY_MS = 86_400_000;

/** What happened afterwards to the customer or part a reaction was about. */
export interface MovementFacts {
  /** The customer's orders (not quotes, not cancelled): when, which parts. */
  readonly orders: readonly {
    readonly orderNumber: string;
    readonly orderedAt: string;
    readonly parts: readonly string[];
  }[];
  /** Invoices paid, by source record key, with the day they were paid. */
  readonly paidInvoices: ReadonlyMap<string, string>;
  /** Stock movements of the part: when the available quantity rose. */
  readonly stockArrivals: readonly { readonly at: string; readonly quantity: number }[];
}

/** What counts as success for a kind of reaction, in words and as a check. */
interface SuccessRule {
  readonly means: string;
  readonly check: (
    entry: LedgerEntry,
    facts: MovementFacts,
    from: number,
    until: number,
  ) => { at: string; evidence: string } | undefined;
}

const inWindow = (at: string, from: number, until: number) => {
  const t = Date.parse(at.length === 10 ? `${at}T23:59:59Z` : at);
  return t >= from && t <= until;
};

const orderAfter =
  (partOnly: boolean): SuccessRule['check'] =>
  (entry, facts, from, until) => {
    const order = facts.orders
      .filter((o) => inWindow(o.orderedAt, from, until))
      .filter(
        (o) =>
          // Stryker disable next-line ConditionalExpression: equivalent, an order's parts are part numbers, so includes(undefined) is false as the guard is
          !partOnly || (entry.record.partNumber !== undefined && o.parts.includes(entry.record.partNumber)),
      )
      .sort((a, b) => a.orderedAt.localeCompare(b.orderedAt))[0];
    return order ? { at: order.orderedAt, evidence: `order ${order.orderNumber}` } : undefined;
  };

const SUCCESS: Record<string, SuccessRule> = {
  retentionTask: { means: 'an order from the customer within the window', check: orderAfter(false) },
  crossSellLead: { means: 'an order of the offered part within the window', check: orderAfter(true) },
  lateShipmentNotice: {
    means: 'another order from the customer within the window',
    check: orderAfter(false),
  },
  coverageNotice: {
    means: 'an order from the customer (renewal, successor) within the window',
    check: orderAfter(false),
  },
  paymentFollowUp: {
    means: 'the invoice paid within the window',
    check: (entry, facts, from, until) => {
      const key = entry.subject.invoiceRecordKey;
      // Stryker disable next-line ConditionalExpression: equivalent, paid invoices are keyed by record keys (text), so get(undefined) finds nothing as the guard does
      const paidOn = key === undefined ? undefined : facts.paidInvoices.get(key);
      return paidOn !== undefined && inWindow(paidOn, from, until)
        ? { at: `${paidOn}T00:00:00Z`, evidence: `paid on ${paidOn}` }
        : undefined;
    },
  },
  demandSignal: {
    means: 'stock of the part arriving within the window',
    check: (_entry, facts, from, until) => {
      const arrival = facts.stockArrivals
        .filter((a) => inWindow(a.at, from, until))
        .sort((a, b) => a.at.localeCompare(b.at))[0];
      return arrival ? { at: arrival.at, evidence: `${arrival.quantity} arrived` } : undefined;
    },
  },
};

export const successMeans = (kind: string): string => SUCCESS[kind]?.means ?? 'not measured';

/**
 * Whether the customer or part moved after a reaction: converted when the movement it aims for came
 * within the window, no response when the window closed without it, pending while it is open.
 * Reactions whose success is not measured (change requests, withdrawals) get no outcome and count as
 * pending in the per-rule figures; reactions not delivered (failed, still sending) get none either.
 */
export const outcomeOf = (
  entry: LedgerEntry,
  facts: MovementFacts,
  now: Date,
  windowDays: number,
): ReactionRecord['outcome'] => {
  const rule = SUCCESS[entry.record.kind];
  // Only what reached the receiving system can have moved anyone.
  if (!rule || entry.record.delivery.status !== 'delivered') return undefined;
  const from = Date.parse(entry.record.at);
  const until = from + windowDays * DAY_MS;
  const hit = rule.check(entry, facts, from, Math.min(until, now.getTime()));
  if (hit)
    return { result: 'converted', evidence: hit.evidence, at: new Date(Date.parse(hit.at)).toISOString() };
  return now.getTime() > until ? { result: 'noResponse' } : { result: 'pending' };
};

/**
 * Per rule: reactions sent, how many of them the receiving system got (delivered, failed, still sending),
 * and over the delivered ones: converted, no response, pending, and the conversion rate of the decided ones.
 * A reaction that never reached its system is no evidence about the rule, so it counts in no outcome.
 */
export const summariseRuleOutcomes = (
  records: readonly ReactionRecord[],
  windowDays: number,
): RuleOutcome[] => {
  const byRule = new Map<string, ReactionRecord[]>();
  for (const record of records) byRule.set(record.rule, [...(byRule.get(record.rule) ?? []), record]);
  return [...byRule.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, list]) => {
      const delivery = (status: ReactionRecord['delivery']['status']) =>
        list.filter((r) => r.delivery.status === status);
      const delivered = delivery('delivered');
      const count = (result: 'converted' | 'noResponse' | 'pending') =>
        delivered.filter((r) => (r.outcome?.result ?? 'pending') === result).length;
      const converted = count('converted');
      const noResponse = count('noResponse');
      const first = list[0] as ReactionRecord;
      return {
        rule,
        system: first.system,
        successMeans: successMeans(first.kind),
        windowDays,
        reactions: list.length,
        delivered: delivered.length,
        failed: delivery('failed').length,
        sending: delivery('sending').length,
        converted,
        noResponse,
        pending: count('pending'),
        ...(converted + noResponse > 0 ? { conversionRate: converted / (converted + noResponse) } : {}),
      };
    });
};

/**
 * The movement that converts a reaction anywhere in its whole window, whatever the time now: the change feed
 * asks this of each movement as it arrives and stamps the answer on the ledger entry for good.
 */
export const conversionWithin = (
  entry: LedgerEntry,
  facts: MovementFacts,
  windowDays: number,
): { at: string; evidence: string } | undefined => {
  const rule = SUCCESS[entry.record.kind];
  if (!rule) return undefined;
  const from = Date.parse(entry.record.at);
  const hit = rule.check(entry, facts, from, from + windowDays * DAY_MS);
  return hit ? { at: new Date(Date.parse(hit.at)).toISOString(), evidence: hit.evidence } : undefined;
};
