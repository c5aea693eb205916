import type { ViewLimits } from './view-limits.ts';
import type { KeptEntry, KeptList, RecordSection } from './view-state.ts';

/** A record's data as the projector reads it from a stream image: fields are looked up, never trusted. */
export type RecordData = Readonly<Record<string, unknown>>;

const text = (data: RecordData, field: string): string => {
  const value = data[field];
  return typeof value === 'string' ? value : '';
};

/** One ordered list a section keeps: which records qualify, what orders them, how many are kept. */
export interface ListDefinition {
  readonly name: string;
  readonly qualifies: (data: RecordData) => boolean;
  /** The ordering value; `newestFirst` lists sort it descending. */
  readonly at: (data: RecordData) => string;
  readonly newestFirst: boolean;
  readonly cap: (limits: ViewLimits) => number;
}

const always = () => true;
const OPEN_INVOICE = new Set(['open', 'overdue']);
const OPEN_SHIPMENT = new Set(['planned', 'picked', 'shipped', 'inTransit', 'delayed']);
const OPEN_CASE = new Set(['open', 'inProgress']);

/**
 * The lists of each record section. Besides the newest records, the view keeps what the agent's screen
 * shows first whatever its age: unpaid invoices (overdue is decided when read), open shipments, open cases.
 */
export const SECTION_LISTS: Readonly<Record<RecordSection, readonly ListDefinition[]>> = {
  order: [
    {
      name: 'recent',
      qualifies: always,
      at: (d) => text(d, 'orderedAt'),
      newestFirst: true,
      cap: (l) => l.recentItems,
    },
  ],
  invoice: [
    {
      name: 'recent',
      qualifies: always,
      at: (d) => text(d, 'issuedOn'),
      newestFirst: true,
      cap: (l) => l.recentItems,
    },
    {
      name: 'unpaid',
      qualifies: (d) => OPEN_INVOICE.has(text(d, 'status')),
      at: (d) => text(d, 'dueDate'),
      newestFirst: false,
      cap: (l) => l.openItems,
    },
  ],
  shipment: [
    {
      name: 'open',
      qualifies: (d) => OPEN_SHIPMENT.has(text(d, 'status')),
      at: (d) => text(d, 'promisedDate'),
      newestFirst: false,
      cap: (l) => l.openItems,
    },
  ],
  installedProduct: [
    {
      name: 'recent',
      qualifies: always,
      at: (d) => text(d, 'purchasedOn'),
      newestFirst: true,
      cap: (l) => l.productsOwned,
    },
  ],
  interaction: [
    {
      name: 'recent',
      qualifies: always,
      at: (d) => text(d, 'occurredAt'),
      newestFirst: true,
      cap: (l) => l.recentItems,
    },
    {
      name: 'openCases',
      qualifies: (d) => OPEN_CASE.has(text(d, 'status')),
      at: (d) => text(d, 'occurredAt'),
      newestFirst: true,
      cap: (l) => l.openItems,
    },
  ],
  webActivity: [
    {
      name: 'recent',
      qualifies: always,
      at: (d) => text(d, 'timestamp'),
      newestFirst: true,
      cap: (l) => l.recentItems,
    },
  ],
};

/** Negative when `a` comes first in the list; the record key breaks ties so the order is total. */
export const compareEntries =
  (newestFirst: boolean) =>
  (a: Pick<KeptEntry, 'at' | 'recordKey'>, b: Pick<KeptEntry, 'at' | 'recordKey'>): number => {
    if (a.at !== b.at)
      // Stryker disable next-line ArithmeticOperator,EqualityOperator: dividing by 1 or -1 is multiplying by it; `<=` is `<` for two different times.
      return (a.at < b.at ? -1 : 1) * (newestFirst ? -1 : 1);
    return a.recordKey < b.recordKey ? -1 : a.recordKey > b.recordKey ? 1 : 0;
  };

/** Removes a record from a list; returns whether it was kept. The rest stays a prefix of the order. */
export const removeFromList = (list: KeptList, recordKey: string, qualified: boolean): boolean => {
  if (qualified) list.total = Math.max(0, list.total - 1);
  const index = list.entries.findIndex((e) => e.recordKey === recordKey);
  if (index < 0) return false;
  list.entries.splice(index, 1);
  return true;
};

/**
 * Adds a qualifying record. It is kept when every qualifying record is kept, or when it sorts before the
 * last kept one; so the entries stay the first n of the full order, and `cap` cuts the tail.
 */
export const insertIntoList = (list: KeptList, entry: KeptEntry, newestFirst: boolean, cap: number): void => {
  const compare = compareEntries(newestFirst);
  const complete = list.entries.length >= list.total;
  list.total += 1;
  const last = list.entries.at(-1);
  if (
    !complete &&
    (last === undefined ||
      // Stryker disable next-line EqualityOperator: compareEntries gives 0 only for the same time and record key, and the record being inserted is never already in the list (its old version was removed first).
      compare(entry, last) > 0)
  )
    return;
  // Stryker disable next-line EqualityOperator: as above, no kept entry compares equal to the one inserted.
  let index = list.entries.findIndex((e) => compare(entry, e) < 0);
  if (index < 0) index = list.entries.length;
  list.entries.splice(index, 0, entry);
  // Stryker disable next-line EqualityOperator: cutting a list of exactly `cap` entries to `cap` leaves it as it is.
  if (list.entries.length > cap) list.entries.length = cap;
};

export const emptyList = (): KeptList => ({ total: 0, entries: [] });
