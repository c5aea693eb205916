import { type Customer360Response, RECENT_ITEMS } from '../../schemas/api/customer-360.ts';
import type { Customer360View } from '../../schemas/entities/customer-360.ts';
import { SEVEN_P } from '../../schemas/entities/customer-insights.ts';
import type { InvoiceData } from '../../schemas/entities/invoice.ts';
import type { StatusChange } from '../../schemas/entities/lifecycle.ts';
import type { ShipmentData } from '../../schemas/entities/shipment.ts';
import type { SourceRef } from '../../schemas/entities/source.ts';
import type { WebActivityData } from '../../schemas/entities/web-activity.ts';

type Sourced<T> = { readonly source: SourceRef; readonly data: T };

const provenanceOf = ({ system, stream, key, version }: SourceRef) => ({ system, stream, key, version });

const flatten = <T extends object>({ source, data }: Sourced<T>) => ({
  ...data,
  source: provenanceOf(source),
});

const newestFirst =
  <T>(at: (item: T) => string) =>
  (a: T, b: T): number =>
    at(b).localeCompare(at(a));

/** An invoice is overdue when the ERP says so, or when it is open past its due date. */
export const isOverdue = (invoice: InvoiceData, today: string): boolean =>
  invoice.status === 'overdue' || (invoice.status === 'open' && invoice.dueDate < today);

const OPEN_SHIPMENT: ReadonlySet<ShipmentData['status']> = new Set([
  'planned',
  'picked',
  'shipped',
  'inTransit',
  'delayed',
]);

/** Late: marked delayed, expected after the promise, or still not delivered once the promised date passed. */
export const isLate = (shipment: ShipmentData, today: string): boolean =>
  shipment.status === 'delayed' ||
  (shipment.expectedDate !== undefined && shipment.expectedDate > shipment.promisedDate) ||
  shipment.promisedDate < today;

const invoiceOrder = (
  a: Customer360Response['invoices'][number],
  b: Customer360Response['invoices'][number],
) => {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  return a.overdue ? a.dueDate.localeCompare(b.dueDate) : b.issuedOn.localeCompare(a.issuedOn);
};

const shipmentOrder = (
  a: Customer360Response['openShipments'][number],
  b: Customer360Response['openShipments'][number],
) => {
  if (a.late !== b.late) return a.late ? -1 : 1;
  return a.promisedDate.localeCompare(b.promisedDate);
};

/** Sums web events into what an agent can take in at a glance: how active, which parts, what was searched. */
export const summariseWebActivity = (
  events: readonly WebActivityData[],
): Customer360Response['webActivity'] => {
  const sorted = [...events].sort(newestFirst((e) => e.timestamp));
  const interest = new Map<string, { partNumber: string; views: number; cartAdds: number; lastAt: string }>();
  for (const event of sorted) {
    const partNumber = event.interest?.partNumber;
    if (!partNumber) continue;
    const entry = interest.get(partNumber) ?? { partNumber, views: 0, cartAdds: 0, lastAt: event.timestamp };
    if (event.interest?.kind === 'productView') entry.views += 1;
    if (event.interest?.kind === 'cartAdd') entry.cartAdds += 1;
    interest.set(partNumber, entry);
  }
  return {
    events: events.length,
    sessions: new Set(events.flatMap((e) => (e.sessionId ? [e.sessionId] : []))).size,
    firstSeenAt: sorted.at(-1)?.timestamp,
    lastSeenAt: sorted[0]?.timestamp,
    productInterest: [...interest.values()]
      .sort(
        (a, b) => b.cartAdds * 3 + b.views - (a.cartAdds * 3 + a.views) || b.lastAt.localeCompare(a.lastAt),
      )
      .slice(0, RECENT_ITEMS),
    recentSearches: sorted
      .flatMap((e) =>
        e.interest?.kind === 'search' && e.interest.query
          ? [{ query: e.interest.query, at: e.timestamp }]
          : [],
      )
      .slice(0, 10),
  };
};

/** The latest value per status dimension, and the named ones the view shows first. */
export const summariseInsights = (history: readonly StatusChange[]): Customer360Response['insights'] => {
  const statuses: Customer360Response['insights']['statuses'] = {};
  for (const change of [...history].sort((a, b) => a.changedAt.localeCompare(b.changedAt))) {
    statuses[change.dimension] = { value: change.value, changedAt: change.changedAt, reason: change.reason };
  }
  const scores: Record<string, number> = {};
  for (const [dimension, status] of Object.entries(statuses)) {
    const score = Number(status.value);
    if (dimension.endsWith('Score') && status.value.trim() !== '' && Number.isFinite(score))
      scores[dimension] = score;
  }
  const key = statuses.keyCustomer?.value;
  return {
    lifecycleStage: statuses.lifecycleStage ?? null,
    riskStatus: statuses.riskStatus ?? null,
    profitStatus: statuses.profitStatus ?? null,
    keyCustomer: key === undefined ? null : key === 'true',
    scores,
    statuses,
  };
};

/**
 * The insights as the API shows them: from the INSIGHTS item's detail when the insights have run (each
 * value with since when and why, the 7P and RFM scores by name, the detail itself), else from the status
 * history alone.
 */
export const insightsOfView = (view: Customer360View): Customer360Response['insights'] => {
  const fromHistory = summariseInsights(view.statusHistory);
  const detail = view.insights;
  if (!detail) return fromHistory;
  const scores: Record<string, number> = { ...fromHistory.scores };
  for (const p of SEVEN_P) {
    const score = detail.scorecard[p].score;
    if (score !== null) scores[`${p}Score`] = score;
  }
  if (detail.scorecard.rfm) {
    scores.rfmRecency = detail.scorecard.rfm.r;
    scores.rfmFrequency = detail.scorecard.rfm.f;
    scores.rfmMonetary = detail.scorecard.rfm.m;
  }
  const lifecycleStage = {
    value: detail.lifecycle.stage,
    changedAt: detail.lifecycle.since,
    reason: detail.lifecycle.text,
  };
  const riskStatus = { value: detail.risk.value, changedAt: detail.risk.since, reason: detail.risk.text };
  const profitStatus = {
    value: detail.profit.value,
    changedAt: detail.profit.since,
    reason: detail.profit.text,
  };
  return {
    lifecycleStage,
    riskStatus,
    profitStatus,
    keyCustomer: detail.keyCustomer ? detail.keyCustomer.flagged : null,
    scores,
    statuses: { ...fromHistory.statuses, lifecycleStage, riskStatus, profitStatus },
    detail,
  };
};

/**
 * Shapes the store's 360 view for other applications: recent items first and capped, overdue invoices
 * and late shipments first, web activity summarised, insights lifted out of the status history.
 * `today` (YYYY-MM-DD) decides what is overdue or late.
 */
export const toCustomer360Response = (view: Customer360View, today: string): Customer360Response => {
  const body = listsOfView(view, today);
  return { ...body, coverage: coverageOf(view, body), servedFrom: view.servedFrom ?? { source: 'fold' } };
};

type Lists = Omit<Customer360Response, 'coverage' | 'servedFrom'>;

/**
 * How many of each list exist against how many the response shows. From a fold every record is at hand;
 * from the materialised view the totals are its counts over the whole history.
 */
const coverageOf = (view: Customer360View, body: Lists): Customer360Response['coverage'] => {
  const counted = view.coverage;
  const openShipments = counted?.openShipments.total ?? body.openShipments.length;
  return {
    orders: { total: counted?.orders.total ?? view.orders.length, shown: body.recentOrders.length },
    invoices: { total: counted?.invoices.total ?? view.invoices.length, shown: body.invoices.length },
    productsOwned: {
      total: counted?.installedProducts.total ?? view.installedProducts.length,
      shown: body.productsOwned.length,
    },
    openShipments: { total: openShipments, shown: body.openShipments.length },
    interactions: {
      total: counted?.interactions.total ?? view.interactions.length,
      shown: body.recentInteractions.length,
    },
    webEvents: { total: body.webActivity.events, shown: 0 },
    statusChanges: {
      total: counted?.statusHistory.total ?? view.statusHistory.length,
      shown: Object.keys(body.insights.statuses).length,
    },
    truncated: counted?.truncated ?? [],
    timeline: `/customers/${encodeURIComponent(view.customerId)}/timeline`,
  };
};

const webActivityOf = (view: Customer360View): Customer360Response['webActivity'] => {
  const totals = view.webActivityTotals;
  if (!totals) return summariseWebActivity(view.webActivity.map((w) => w.data));
  return {
    ...totals,
    productInterest: [...totals.productInterest]
      .sort(
        (a, b) => b.cartAdds * 3 + b.views - (a.cartAdds * 3 + a.views) || b.lastAt.localeCompare(a.lastAt),
      )
      .slice(0, RECENT_ITEMS),
    recentSearches: totals.recentSearches.slice(0, 10),
  };
};

const listsOfView = (view: Customer360View, today: string): Lists => ({
  customerId: view.customerId,
  profile: view.profile,
  identifiers: view.identifiers,
  sources: view.customerSources,
  insights: insightsOfView(view),
  recentOrders: view.orders
    .map(flatten)
    .sort(newestFirst((o) => o.orderedAt))
    .slice(0, RECENT_ITEMS),
  invoices: view.invoices
    .map((invoice) => ({ ...flatten(invoice), overdue: isOverdue(invoice.data, today) }))
    .sort(invoiceOrder)
    .slice(0, RECENT_ITEMS),
  productsOwned: view.installedProducts.map(flatten).sort(newestFirst((p) => p.purchasedOn)),
  openShipments: view.shipments
    .filter((s) => OPEN_SHIPMENT.has(s.data.status))
    .map((shipment) => ({ ...flatten(shipment), late: isLate(shipment.data, today) }))
    .sort(shipmentOrder),
  recentInteractions: view.interactions
    .map(flatten)
    .sort(newestFirst((i) => i.occurredAt))
    .slice(0, RECENT_ITEMS),
  webActivity: webActivityOf(view),
  lastContact: view.lastContact ?? null,
  identityConflicts: view.conflicts,
});
