import type { Customer360View } from '../../schemas/entities/customer-360.ts';
import { CustomerInsightsDetailSchema } from '../../schemas/entities/customer-insights.ts';
import { CanonicalIdentifierSchema } from '../../schemas/entities/identifier.ts';
import { IdentityConflictSchema } from '../../schemas/entities/identity.ts';
import { StatusChangeSchema } from '../../schemas/entities/lifecycle.ts';
import { recordFromItem } from '../identity/cluster.ts';
import { buildGoldenProfile } from '../identity/survivorship.ts';
import type { Item } from '../items/record-items.ts';

// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out), reported uncovered instead of ignored by the shared-worker run; the 360 tests call it.
const newestFirst = <T>(items: T[], at: (t: T) => string | undefined): T[] =>
  items.sort((a, b) => {
    // Undated entries read as '' and so come last.
    const aAt = at(a) ?? '';
    const bAt = at(b) ?? '';
    if (aAt > bAt) return -1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort only asks whether a comparator's result is below 0 (here: 1 or 0).
    return aAt < bAt ? 1 : 0;
  });

/** Assembles the 360 view from the items of one customer partition (the result of one Query). */
export const buildCustomer360 = (
  customerId: string,
  items: readonly Item[],
  sourcePriority: Readonly<Record<string, number>>,
): Customer360View => {
  // Stryker disable next-line MethodExpression,ConditionalExpression: other items carry no `data`, so the loop below passes over them anyway.
  const records = items.filter((i) => i.kind === 'record').map(recordFromItem);
  const view: Customer360View = {
    customerId,
    profile: {},
    identifiers: [],
    customerSources: [],
    orders: [],
    invoices: [],
    installedProducts: [],
    shipments: [],
    interactions: [],
    webActivity: [],
    statusHistory: [],
    conflicts: [],
  };
  const customerSources = [];
  for (const r of records) {
    if (!r.data) continue;
    switch (r.entity) {
      case 'customer':
        customerSources.push({ recordKey: r.recordKey, source: r.source, data: r.data });
        view.customerSources.push(r.source);
        break;
      case 'order':
        view.orders.push({ source: r.source, data: r.data });
        break;
      case 'invoice':
        view.invoices.push({ source: r.source, data: r.data });
        break;
      case 'installedProduct':
        view.installedProducts.push({ source: r.source, data: r.data });
        break;
      case 'shipment':
        view.shipments.push({ source: r.source, data: r.data });
        break;
      case 'interaction':
        view.interactions.push({ source: r.source, data: r.data });
        break;
      case 'webActivity':
        view.webActivity.push({ source: r.source, data: r.data });
        break;
      // Stryker disable next-line ConditionalExpression: the default case is the last and only breaks.
      default:
        break;
    }
  }
  view.profile = buildGoldenProfile(customerSources, sourcePriority);
  for (const item of items) {
    if (item.kind === 'identifierMirror') {
      const id = CanonicalIdentifierSchema.safeParse(item.identifier);
      if (id.success) view.identifiers.push(id.data);
    } else if (item.kind === 'status') {
      const change = StatusChangeSchema.safeParse(item.change);
      if (change.success) view.statusHistory.push(change.data);
    } else if (item.kind === 'insights') {
      // The INSIGHTS item sits in the same partition, so the view still costs one Query.
      const detail = CustomerInsightsDetailSchema.safeParse(item.detail);
      if (detail.success) view.insights = detail.data;
    } else if (
      // Stryker disable next-line ConditionalExpression: any other item has no `conflict` to parse, and the schema refuses it.
      item.kind === 'conflict'
    ) {
      const conflict = IdentityConflictSchema.safeParse({
        ...(item.conflict as object),
        detectedAt: item.detectedAt,
      });
      if (conflict.success) view.conflicts.push(conflict.data);
    }
  }
  newestFirst(view.orders, (o) => o.data.orderedAt);
  newestFirst(view.invoices, (o) => o.data.issuedOn);
  newestFirst(view.installedProducts, (o) => o.data.purchasedOn);
  newestFirst(view.shipments, (o) => o.data.promisedDate);
  newestFirst(view.interactions, (o) => o.data.occurredAt);
  newestFirst(view.webActivity, (o) => o.data.timestamp);
  newestFirst(view.statusHistory, (s) => s.changedAt);
  const last = view.interactions[0];
  if (last) {
    view.lastContact = {
      occurredAt: last.data.occurredAt,
      channel: last.data.channel,
      ...(last.data.agent ? { agent: last.data.agent } : {}),
    };
  }
  return view;
};
