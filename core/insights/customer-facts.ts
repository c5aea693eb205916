import type { CanonicalRecord } from '../../schemas/entities/canonical-record.ts';
import { sourceRecordKey } from '../../schemas/entities/canonical-record.ts';
import { CUSTOMER_ATTRIBUTES } from '../../schemas/entities/customer.ts';
import {
  type ContactFact,
  type CustomerFacts,
  FACT_LIMITS,
  type InvoiceFact,
  type OrderFact,
  type OwnedProductFact,
  type ProfileFact,
  type WebInterestFact,
} from '../../schemas/entities/customer-facts.ts';
import type { InvoiceData } from '../../schemas/entities/invoice.ts';
import { compareVersions } from '../identity/version-order.ts';
import { compareInstants, laterOf } from './calendar.ts';

/** An empty summary: a customer the hub knows nothing about yet. */
export const emptyCustomerFacts = (customerId: string): CustomerFacts => ({
  customerId,
  orders: [],
  invoices: [],
  contacts: [],
  webInterest: [],
  ownedProducts: [],
  profiles: [],
});

type Keyed = { readonly recordKey: string; readonly version: string };

/**
 * Keeps the latest version per record key, then the `limit` entries that `rank` puts first. Because
 * the result depends only on the set of latest versions, folding in any order gives the same list.
 */
const upsert = <T extends Keyed>(
  list: readonly T[],
  entry: T,
  rank: (a: T, b: T) => number,
  limit: number,
): T[] => {
  const current = list.find((e) => e.recordKey === entry.recordKey);
  // The same version of a record is the same record: folding it again as if newer leaves the same list.
  // Stryker disable next-line EqualityOperator: equivalent, see above
  if (current && compareVersions(entry.version, current.version) <= 0) return [...list];
  const others = list.filter((e) => e.recordKey !== entry.recordKey);
  return [...others, entry].sort(rank).slice(0, limit);
};

/** Drops a record's entry when the source deleted it (a tombstone no older than the entry). */
const remove = <T extends Keyed>(list: readonly T[], recordKey: string, version: string): T[] =>
  list.filter((e) => e.recordKey !== recordKey || compareVersions(version, e.version) < 0);

// A list keeps one entry per record key (upsert replaces, remove drops), so two entries never tie on the key.
// Stryker disable next-line EqualityOperator: equivalent, keys never tie (see above)
const byKey = (a: Keyed, b: Keyed) => (a.recordKey < b.recordKey ? -1 : 1);
const newestInstantFirst =
  <T extends Keyed>(at: (t: T) => string) =>
  (a: T, b: T) =>
    compareInstants(at(b), at(a)) || byKey(a, b);
const newestDayFirst =
  <T extends Keyed>(at: (t: T) => string) =>
  (a: T, b: T) =>
    at(b).localeCompare(at(a)) || byKey(a, b);
// Unpaid invoices are kept before paid ones so an old debt is never pushed out by newer paid invoices.
const invoiceRank = (a: InvoiceFact, b: InvoiceFact) =>
  Number(b.openAmount > 0) - Number(a.openAmount > 0) || newestDayFirst<InvoiceFact>((i) => i.issuedOn)(a, b);
const webRank = (a: WebInterestFact, b: WebInterestFact) =>
  compareInstants(b.at, a.at) || a.messageId.localeCompare(b.messageId);

/** What is still owed on an invoice: the source's open amount, else all of it unless paid or cancelled. */
export const resolveOpenAmount = (invoice: InvoiceData): number => {
  if (invoice.status === 'paid' || invoice.status === 'cancelled') return 0;
  return invoice.openAmount ?? invoice.amount;
};

const KEPT_CATEGORIES: ReadonlySet<string | undefined> = new Set(['complaint', 'return', 'sales', 'order']);
const INTEREST_KINDS: ReadonlySet<string> = new Set(['productView', 'cartAdd', 'checkout', 'search']);

/**
 * Folds one canonical record (the latest version the store committed) into a customer's summary.
 * Pure and idempotent: the same record twice, or an older version after a newer one, changes nothing.
 * Catalogue records (products, stock) belong to no customer and leave the summary as it is.
 */
export const foldRecordIntoFacts = (facts: CustomerFacts, record: CanonicalRecord): CustomerFacts => {
  const recordKey = sourceRecordKey(record);
  const { version } = record.source;
  if (
    record.source.deleted ||
    // Stryker disable next-line ConditionalExpression: the record schema requires data unless source.deleted
    record.data === undefined
  ) {
    return {
      ...facts,
      orders: remove(facts.orders, recordKey, version),
      invoices: remove(facts.invoices, recordKey, version),
      contacts: remove(facts.contacts, recordKey, version),
      ownedProducts: remove(facts.ownedProducts, recordKey, version),
      profiles: remove(facts.profiles, recordKey, version),
    };
  }
  switch (record.entity) {
    case 'order': {
      const { orderNumber, orderedAt, status, currency, netAmount, costAmount } = record.data;
      const entry: OrderFact = {
        recordKey,
        version,
        orderNumber,
        orderedAt,
        status,
        currency,
        netAmount,
        ...(costAmount === undefined ? {} : { costAmount }),
      };
      return {
        ...facts,
        orders: upsert(
          facts.orders,
          entry,
          newestInstantFirst((o) => o.orderedAt),
          FACT_LIMITS.orders,
        ),
      };
    }
    case 'invoice': {
      const d = record.data;
      const entry: InvoiceFact = {
        recordKey,
        version,
        invoiceNumber: d.invoiceNumber,
        issuedOn: d.issuedOn,
        dueDate: d.dueDate,
        amount: d.amount,
        openAmount: resolveOpenAmount(d),
        currency: d.currency,
        status: d.status,
        ...(d.paidOn === undefined ? {} : { paidOn: d.paidOn }),
      };
      return { ...facts, invoices: upsert(facts.invoices, entry, invoiceRank, FACT_LIMITS.invoices) };
    }
    case 'interaction': {
      const d = record.data;
      const kept = d.direction === 'outbound' || KEPT_CATEGORIES.has(d.category);
      // A newer version may re-categorise a contact out of interest: then its old entry must go.
      if (!kept) return { ...facts, contacts: remove(facts.contacts, recordKey, version) };
      const entry: ContactFact = {
        recordKey,
        version,
        interactionId: d.interactionId,
        occurredAt: d.occurredAt,
        ...(d.direction === undefined ? {} : { direction: d.direction }),
        ...(d.category === undefined ? {} : { category: d.category }),
        ...(d.partNumber === undefined ? {} : { partNumber: d.partNumber }),
      };
      return {
        ...facts,
        contacts: upsert(
          facts.contacts,
          entry,
          newestInstantFirst((c) => c.occurredAt),
          FACT_LIMITS.contacts,
        ),
      };
    }
    case 'webActivity': {
      const d = record.data;
      const webLastSeenAt = facts.webLastSeenAt ? laterOf(facts.webLastSeenAt, d.timestamp) : d.timestamp;
      const interest = d.interest;
      if (!interest || !INTEREST_KINDS.has(interest.kind)) return { ...facts, webLastSeenAt };
      if (facts.webInterest.some((w) => w.messageId === d.messageId)) return { ...facts, webLastSeenAt };
      const entry: WebInterestFact = {
        messageId: d.messageId,
        at: d.timestamp,
        kind: interest.kind,
        ...(interest.partNumber === undefined ? {} : { partNumber: interest.partNumber }),
      };
      const webInterest = [...facts.webInterest, entry].sort(webRank).slice(0, FACT_LIMITS.webInterest);
      return { ...facts, webLastSeenAt, webInterest };
    }
    case 'installedProduct': {
      const d = record.data;
      const entry: OwnedProductFact = {
        recordKey,
        version,
        partNumber: d.partNumber,
        purchasedOn: d.purchasedOn,
        ...(d.serialNumber === undefined ? {} : { serialNumber: d.serialNumber }),
        ...(d.warrantyEnd === undefined ? {} : { warrantyEnd: d.warrantyEnd }),
        ...(d.contractEnd === undefined ? {} : { contractEnd: d.contractEnd }),
      };
      return {
        ...facts,
        ownedProducts: upsert(
          facts.ownedProducts,
          entry,
          newestDayFirst((p) => p.purchasedOn),
          FACT_LIMITS.ownedProducts,
        ),
      };
    }
    case 'customer': {
      const d = record.data;
      const entry: ProfileFact = {
        recordKey,
        version,
        attributes: CUSTOMER_ATTRIBUTES.filter((a) => d[a] !== undefined && d[a] !== ''),
        ...(d.creditLimit === undefined ? {} : { creditLimit: d.creditLimit }),
        ...(d.paymentTermsDays === undefined ? {} : { paymentTermsDays: d.paymentTermsDays }),
      };
      return { ...facts, profiles: upsert(facts.profiles, entry, byKey, FACT_LIMITS.profiles) };
    }
    default:
      return facts;
  }
};

/** Builds a customer's summary from its canonical records (the rebuild path, e.g. after an unmerge). */
export const buildCustomerFacts = (customerId: string, records: Iterable<CanonicalRecord>): CustomerFacts => {
  let facts = emptyCustomerFacts(customerId);
  for (const record of records) facts = foldRecordIntoFacts(facts, record);
  return facts;
};

/**
 * The summary of a survivor after a merge: the union of both summaries, latest version per record.
 * Gives the same result as folding every record of both customers into one summary.
 */
export const mergeCustomerFacts = (survivor: CustomerFacts, merged: CustomerFacts): CustomerFacts => {
  const union = <T extends Keyed>(
    a: readonly T[],
    b: readonly T[],
    rank: (x: T, y: T) => number,
    limit: number,
  ) => b.reduce<T[]>((list, entry) => upsert(list, entry, rank, limit), [...a]);
  const web = new Map([...survivor.webInterest, ...merged.webInterest].map((w) => [w.messageId, w]));
  const lastSeen = [survivor.webLastSeenAt, merged.webLastSeenAt].filter((s): s is string => s !== undefined);
  return {
    customerId: survivor.customerId,
    orders: union(
      survivor.orders,
      merged.orders,
      newestInstantFirst((o) => o.orderedAt),
      FACT_LIMITS.orders,
    ),
    invoices: union(survivor.invoices, merged.invoices, invoiceRank, FACT_LIMITS.invoices),
    contacts: union(
      survivor.contacts,
      merged.contacts,
      newestInstantFirst((c) => c.occurredAt),
      FACT_LIMITS.contacts,
    ),
    webInterest: [...web.values()].sort(webRank).slice(0, FACT_LIMITS.webInterest),
    ...(lastSeen.length > 0 ? { webLastSeenAt: lastSeen.reduce(laterOf) } : {}),
    ownedProducts: union(
      survivor.ownedProducts,
      merged.ownedProducts,
      newestDayFirst((p) => p.purchasedOn),
      FACT_LIMITS.ownedProducts,
    ),
    profiles: union(survivor.profiles, merged.profiles, byKey, FACT_LIMITS.profiles),
  };
};
