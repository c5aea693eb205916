import * as z from 'zod';
import { CustomerDataSchema } from '../../../schemas/entities/customer.ts';
import type { Customer360View, ListCoverage } from '../../../schemas/entities/customer-360.ts';
import { CustomerInsightsDetailSchema } from '../../../schemas/entities/customer-insights.ts';
import { CanonicalIdentifierSchema } from '../../../schemas/entities/identifier.ts';
import { IdentityConflictSchema } from '../../../schemas/entities/identity.ts';
import { InstalledProductDataSchema } from '../../../schemas/entities/installed-product.ts';
import { InteractionDataSchema } from '../../../schemas/entities/interaction.ts';
import { InvoiceDataSchema } from '../../../schemas/entities/invoice.ts';
import { StatusChangeSchema } from '../../../schemas/entities/lifecycle.ts';
import { OrderDataSchema } from '../../../schemas/entities/order.ts';
import { ShipmentDataSchema } from '../../../schemas/entities/shipment.ts';
import { type SourceRef, SourceRefSchema } from '../../../schemas/entities/source.ts';
import { WebActivityDataSchema } from '../../../schemas/entities/web-activity.ts';
import { buildGoldenProfile } from '../../identity/survivorship.ts';
import { estimateSketch } from './session-count.ts';
import type { CustomerViewState, KeptEntry, KeptList } from './view-state.ts';

interface ParsedEntry<T> {
  readonly recordKey: string;
  readonly source: SourceRef;
  readonly data: T;
}

/** The schema of a kept entry whose `data` is one record kind's. */
// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out), reported uncovered instead of ignored by the shared-worker run; the read tests call it.
const entrySchemaOf = <D extends z.ZodType>(data: D) =>
  z.object({ recordKey: z.string(), source: SourceRefSchema, data });
type EntrySchema<D extends z.ZodType> = ReturnType<typeof entrySchemaOf<D>>;

// Built once: zod compiles an object schema's parser on its first parse, so a schema made per read would
// be compiled again on every read (most of the read's CPU).
const CustomerEntrySchema = entrySchemaOf(CustomerDataSchema);
const InteractionEntrySchema = entrySchemaOf(InteractionDataSchema);
const OrderEntrySchema = entrySchemaOf(OrderDataSchema);
const InvoiceEntrySchema = entrySchemaOf(InvoiceDataSchema);
const InstalledProductEntrySchema = entrySchemaOf(InstalledProductDataSchema);
const ShipmentEntrySchema = entrySchemaOf(ShipmentDataSchema);
const WebActivityEntrySchema = entrySchemaOf(WebActivityDataSchema);

const parsedEntries = <D extends z.ZodType>(
  entries: readonly KeptEntry[],
  schema: EntrySchema<D>,
): ParsedEntry<z.output<D>>[] =>
  entries.flatMap((e) => {
    const parsed = schema.safeParse(e);
    return parsed.success ? [parsed.data as ParsedEntry<z.output<D>>] : [];
  });

const sourced = <D extends z.ZodType>(lists: readonly (KeptList | undefined)[], schema: EntrySchema<D>) => {
  const seen = new Set<string>();
  const out: { source: SourceRef; data: z.output<D> }[] = [];
  for (const list of lists) {
    // Stryker disable next-line ArrayDeclaration: a made-up entry for a missing list fails the entry schema and is dropped.
    for (const entry of parsedEntries(list?.entries ?? [], schema)) {
      if (seen.has(entry.recordKey)) continue;
      seen.add(entry.recordKey);
      out.push({ source: entry.source, data: entry.data });
    }
  }
  return out;
};

// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out), reported uncovered instead of ignored by the shared-worker run; the read tests call it.
const coverageOf = (list: KeptList | undefined): ListCoverage => ({
  total: list?.total ?? 0,
  kept: list?.entries.length ?? 0,
});

// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out), reported uncovered instead of ignored by the shared-worker run; the read tests call it.
const parsedValues = <S extends z.ZodType>(values: readonly unknown[], schema: S): z.output<S>[] =>
  values.flatMap((v) => {
    const parsed = schema.safeParse(v);
    return parsed.success ? [parsed.data] : [];
  });

// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out), reported uncovered instead of ignored by the shared-worker run; the read tests call it.
const newestFirst = <T>(items: T[], at: (t: T) => string): T[] =>
  items.sort((a, b) => {
    if (at(b) < at(a)) return -1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort only asks whether a comparator's result is below 0 (here: 1 or 0).
    return at(b) > at(a) ? 1 : 0;
  });

/**
 * The 360 view from the materialised sections: the same shape the fold of the partition gives, with each
 * list cut to what the view keeps, `coverage` saying how many there are, and the web summary and revenue
 * taken from sums the projector keeps over every record.
 */
export const viewToCustomer360 = (
  state: CustomerViewState,
  sourcePriority: Readonly<Record<string, number>>,
): Customer360View => {
  const { head, records } = state;
  // In record-key order, as the partition holds them: survivorship does not depend on it, readers see the same.
  const customerSources = parsedEntries(head.customerSources.entries, CustomerEntrySchema).sort((a, b) =>
    // Stryker disable next-line EqualityOperator: a kept list holds a record key once, so two keys are never equal.
    a.recordKey < b.recordKey ? -1 : 1,
  );
  const interactions = newestFirst(
    sourced([records.interaction.lists.recent, records.interaction.lists.openCases], InteractionEntrySchema),
    (i) => i.data.occurredAt,
  );
  const statusHistory = parsedValues(
    [...head.statusHistory.entries.map((e) => e.data), ...Object.values(head.statusLatest)],
    StatusChangeSchema,
  ).filter(
    (change, i, all) =>
      all.findIndex((c) => c.dimension === change.dimension && c.changedAt === change.changedAt) === i,
  );
  const web = records.webActivity.web;
  const insights = CustomerInsightsDetailSchema.safeParse(head.insights);
  const recent = records.interaction.lists.recent?.entries[0];
  const last = recent ? InteractionDataSchema.safeParse(recent.data) : undefined;
  const view: Customer360View = {
    customerId: state.customerId,
    profile: buildGoldenProfile(customerSources, sourcePriority),
    identifiers: parsedValues(Object.values(head.identifiers), CanonicalIdentifierSchema),
    customerSources: customerSources.map((s) => s.source),
    orders: sourced([records.order.lists.recent], OrderEntrySchema),
    invoices: sourced([records.invoice.lists.unpaid, records.invoice.lists.recent], InvoiceEntrySchema),
    installedProducts: sourced([records.installedProduct.lists.recent], InstalledProductEntrySchema),
    shipments: sourced([records.shipment.lists.open], ShipmentEntrySchema),
    interactions,
    webActivity: sourced([records.webActivity.lists.recent], WebActivityEntrySchema),
    statusHistory: newestFirst(statusHistory, (s) => s.changedAt),
    ...(insights.success ? { insights: insights.data } : {}),
    conflicts: parsedValues(Object.values(head.conflicts), IdentityConflictSchema),
    ...(last?.success
      ? {
          lastContact: {
            occurredAt: last.data.occurredAt,
            channel: last.data.channel,
            ...(last.data.agent ? { agent: last.data.agent } : {}),
          },
        }
      : {}),
    coverage: {
      orders: coverageOf(records.order.lists.recent),
      invoices: coverageOf(records.invoice.lists.recent),
      unpaidInvoices: coverageOf(records.invoice.lists.unpaid),
      installedProducts: coverageOf(records.installedProduct.lists.recent),
      openShipments: coverageOf(records.shipment.lists.open),
      interactions: coverageOf(records.interaction.lists.recent),
      openCases: coverageOf(records.interaction.lists.openCases),
      webActivity: coverageOf(records.webActivity.lists.recent),
      statusHistory: coverageOf(head.statusHistory),
      customerSources: coverageOf(head.customerSources),
      truncated: [...head.truncated],
    },
    orderRevenue: { ...records.order.amounts },
  };
  if (web) {
    view.webActivityTotals = {
      events: records.webActivity.count,
      sessions: web.sessions ? Object.keys(web.sessions).length : estimateSketch(web.sessionSketch),
      ...(web.sessionsEstimated ? { sessionsEstimated: true } : {}),
      ...(web.firstSeenAt !== undefined ? { firstSeenAt: web.firstSeenAt } : {}),
      ...(web.lastSeenAt !== undefined ? { lastSeenAt: web.lastSeenAt } : {}),
      // By part number: a map's key order is the storage's (DynamoDB's for a map, insertion for JSON text).
      productInterest: Object.entries(web.interest)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([partNumber, entry]) => ({ partNumber, ...entry })),
      ...(web.interestTruncated ? { productInterestTruncated: true } : {}),
      recentSearches: web.recentSearches.map(({ query, at }) => ({ query, at })),
    };
  }
  return view;
};
