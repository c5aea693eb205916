import { describe, expect, it } from 'vitest';
import { toCustomer360Response } from '../../../app/api/customer-360-response.ts';
import { buildCustomer360 } from '../../../core/customer-360/build-customer-360.ts';
import { foldCustomerView } from '../../../core/customer-360/view/fold-customer-view.ts';
import { estimateItemBytes } from '../../../core/customer-360/view/item-size.ts';
import {
  type ProjectionDeps,
  projectStreamBatch,
} from '../../../core/customer-360/view/project-stream-batch.ts';
import { viewFromItems, viewStanding } from '../../../core/customer-360/view/view-items.ts';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';
import { viewToCustomer360 } from '../../../core/customer-360/view/view-to-customer-360.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { InMemoryViewStore } from './in-memory-view-store.ts';
import { TableSimulation } from './table-simulation.ts';
import {
  customerRecord,
  invoiceRecord,
  orderRecord,
  profileItem,
  recordItem,
  webRecord,
  webRecordViaStore,
} from './view-fixtures.ts';

const limits = DEFAULT_VIEW_LIMITS;
const clocks = new WeakMap<InMemoryViewStore, () => Date>();
/** The projector's memory of its table reads lives as long as the projector: one per table here. */
const reads = new WeakMap<InMemoryViewStore, NonNullable<ProjectionDeps['recentReads']>>();
const deps = (views: InMemoryViewStore): ProjectionDeps => {
  const recentReads = reads.get(views) ?? new Map();
  reads.set(views, recentReads);
  return { views, limits, now: clocks.get(views) ?? (() => new Date()), recentReads };
};

/** An empty table and its stream, the projector's clock following the table's. */
const setUp = () => {
  const views = new InMemoryViewStore();
  const table = new TableSimulation(views);
  clocks.set(views, table.now);
  return { views, table };
};
const KB64 = 64 * 1024;

/**
 * The heavy customer's size. The suite runs it in full; the mutation run (vitest.mutation.config.ts sets
 * HUB360_VOLUME_SCALE=0.01) a hundredth of it: 100 orders and 2,000 web events still overflow every list
 * and the tracked parts (300 parts > twice 60), and the sessions stay at least 250 (> the 200 tracked), so
 * the same trimming, sketching and estimating code runs for each mutant in about a second.
 */
const heavy = () => {
  const scale = Number(process.env.HUB360_VOLUME_SCALE ?? '1');
  return {
    orders: Math.round(10_000 * scale),
    events: Math.round(200_000 * scale),
    sessions: Math.max(250, Math.round(5_000 * scale)),
  };
};

const inBatches = async (views: InMemoryViewStore, changes: readonly ChangeRecord[], size = 1000) => {
  for (let i = 0; i < changes.length; i += size) {
    const result = await projectStreamBatch(deps(views), changes.slice(i, i + size));
    expect(result.failed).toEqual([]);
  }
};

const readView = (views: InMemoryViewStore, customerId: string) => {
  const items = views.headAndView(customerId);
  const profile = items.find((i) => i.sk === keys.profile) as Item;
  const view = viewFromItems(customerId, items);
  if (!view) throw new Error(`no view for ${customerId}`);
  return { items, profile, view, current: viewStanding(profile, view) === 'current' };
};

const statusItem = (customerId: string, dimension: string, value: string, changedAt: string): Item => ({
  pk: keys.customer(customerId),
  sk: keys.status(changedAt, dimension),
  kind: 'status',
  customerId,
  change: { dimension, value, changedAt, reason: `${dimension} is ${value}`, evidence: {} },
});

const shipmentRecord = (customerId: string, n: number, status: string, promisedDate: string) =>
  recordItem(customerId, {
    entity: 'shipment',
    source: { system: 'fusion-scm', stream: 'shipments', key: `SH-${n}`, version: '1' },
    data: { shipmentNumber: `SH-${n}`, status, promisedDate, lines: [] },
  } as never);

const interactionRecord = (customerId: string, n: number, occurredAt: string) =>
  recordItem(customerId, {
    entity: 'interaction',
    source: { system: 'callcenter', stream: 'contacts', key: `C-${n}`, version: '1' },
    data: { interactionId: `C-${n}`, kind: 'contact', channel: 'phone', occurredAt, agent: `Agent ${n}` },
  } as never);

describe('customer-360 view projector', () => {
  it('keeps a distributor with 10,000 orders and 200,000 web events under 64 KB with exact counts', async () => {
    // prepare
    const { views, table } = setUp();
    const id = 'cus_heavy';
    const size = heavy();
    const changes = [
      ...table.put(profileItem(id), customerRecord(id, '1', { email: 'buyer@distributor.example' })),
      ...Array.from({ length: size.orders }, (_, n) => table.put(orderRecord(id, n))).flat(),
      ...Array.from({ length: size.events }, (_, n) => table.put(webRecord(id, n, size.sessions))).flat(),
    ];

    // act
    await inBatches(views, changes);
    const { items, view, current } = readView(views, id);
    const built = viewToCustomer360(view.state, {});
    const response = toCustomer360Response(built, '2026-03-01');

    // assert
    const bytes = items.reduce((sum, item) => sum + estimateItemBytes(item), 0);
    expect(bytes).toBeLessThan(KB64);
    expect(Buffer.byteLength(JSON.stringify(items))).toBeLessThan(KB64);
    expect(current).toBe(true);
    expect(built.coverage?.orders).toEqual({ total: size.orders, kept: 20 });
    expect(built.orderRevenue).toEqual({ EUR: 100 * size.orders });
    expect(response.recentOrders.map((o) => o.orderNumber).slice(0, 3)).toEqual([
      `SO-${size.orders - 1}`,
      `SO-${size.orders - 2}`,
      `SO-${size.orders - 3}`,
    ]);
    expect(response.webActivity.events).toBe(size.events);
    expect(response.webActivity.sessionsEstimated).toBe(true);
    expect(Math.abs(response.webActivity.sessions - size.sessions) / size.sessions).toBeLessThan(0.2);
    expect(response.webActivity.lastSeenAt).toBe(
      new Date(Date.UTC(2021, 0, 1) + (size.events - 1) * 60_000).toISOString(),
    );
    expect(response.coverage.orders).toEqual({ total: size.orders, shown: 20 });
    expect(response.coverage.timeline).toBe('/customers/cus_heavy/timeline');
  }, 180_000);

  it('builds the same bounded view from the partition as from the stream (bootstrap)', () => {
    // prepare
    const id = 'cus_heavy';
    const size = heavy();
    const items: Item[] = [
      profileItem(id),
      ...Array.from({ length: size.orders }, (_, n) => orderRecord(id, n)),
      ...Array.from({ length: size.events }, (_, n) => webRecord(id, n, size.sessions)),
    ];

    // act
    const state = foldCustomerView(id, items, limits, { fence: { from: 0, to: 0 }, projectedAt: 'now' });

    // assert
    expect(state?.records.order.count).toBe(size.orders);
    expect(state?.records.webActivity.count).toBe(size.events);
    const sections = Object.values(state ?? {}).length;
    expect(sections).toBeGreaterThan(0);
    const total =
      estimateItemBytes(state?.head) +
      Object.values(state?.records ?? {}).reduce((s, r) => s + estimateItemBytes(r), 0);
    expect(total).toBeLessThan(KB64);
  }, 120_000);

  it('builds the heavy customer’s web events in the shape the store writes them', () => {
    // act
    const byHand = webRecord('cus_heavy', 4711);
    const byStore = webRecordViaStore('cus_heavy', 4711);

    // assert
    expect(byHand).toEqual(byStore);
  });

  it('answers what the fold of the partition answers for a typical customer', async () => {
    // prepare
    const { views, table } = setUp();
    const id = 'cus_typical';
    const changes = [
      ...table.put(
        profileItem(id),
        customerRecord(id, '1', { email: 'eva@example.com', phone: '+4989123456' }),
      ),
      ...table.put(customerRecord(id, '2', { name: 'Eva GmbH' }, '2')),
      ...Array.from({ length: 25 }, (_, n) =>
        table.put(orderRecord(id, n, { status: n % 5 === 0 ? 'quote' : 'open' })),
      ).flat(),
      ...table.put(
        invoiceRecord(id, 1, 'open', '2026-01-10'),
        invoiceRecord(id, 2, 'paid', '2026-02-10'),
        invoiceRecord(id, 3, 'overdue', '2025-12-01'),
        invoiceRecord(id, 4, 'open', '2026-04-01'),
      ),
      ...table.put(
        shipmentRecord(id, 1, 'inTransit', '2026-02-20'),
        shipmentRecord(id, 2, 'delivered', '2026-01-01'),
      ),
      ...table.put(
        interactionRecord(id, 1, '2026-02-01T10:00:00Z'),
        interactionRecord(id, 2, '2026-02-03T10:00:00Z'),
      ),
      ...Array.from({ length: 30 }, (_, n) => table.put(webRecord(id, n, 4, 3))).flat(),
      ...table.put(
        statusItem(id, 'lifecycleStage', 'longTerm', '2026-01-01T00:00:00Z'),
        statusItem(id, 'riskStatus', 'low', '2026-01-02T00:00:00Z'),
      ),
      ...table.put({
        pk: keys.customer(id),
        sk: 'ID#email:eva@example.com',
        kind: 'identifierMirror',
        identifier: { type: 'email', value: 'eva@example.com' },
      }),
    ];

    // act
    await inBatches(views, changes, 7);
    const fromView = toCustomer360Response(
      viewToCustomer360(readView(views, id).view.state, {}),
      '2026-03-01',
    );
    const fromFold = toCustomer360Response(buildCustomer360(id, views.partition(id), {}), '2026-03-01');

    // assert
    const { servedFrom: _a, ...viewBody } = fromView;
    const { servedFrom: _b, ...foldBody } = fromFold;
    expect(viewBody).toEqual(foldBody);
    expect(fromView.invoices.map((i) => i.invoiceNumber)).toEqual(['INV-3', 'INV-1', 'INV-4', 'INV-2']);
    expect(fromView.openShipments.map((s) => s.shipmentNumber)).toEqual(['SH-1']);
  });

  it('skips a redelivered batch and a batch from before the last one applied', async () => {
    // prepare
    const { views, table } = setUp();
    const id = 'cus_redelivery';
    const first = table.put(profileItem(id), ...Array.from({ length: 5 }, (_, n) => orderRecord(id, n)));
    const second = table.put(orderRecord(id, 5), orderRecord(id, 1, { status: 'cancelled', version: '2' }));
    await projectStreamBatch(deps(views), first);
    await projectStreamBatch(deps(views), second);
    const before = readView(views, id).view.state;

    // act
    await projectStreamBatch(deps(views), second);
    await projectStreamBatch(deps(views), first);
    await projectStreamBatch(deps(views), [...first, ...second]);

    // assert
    const after = readView(views, id).view.state;
    expect(after.records.order.count).toBe(6);
    expect(after.records.order.amounts).toEqual({ EUR: 500 });
    expect(after.records).toEqual(before.records);
  });

  it('moves a merged customer into the survivor and removes the merged one’s view', async () => {
    // prepare
    const { views, table } = setUp();
    const [survivor, merged] = ['cus_a', 'cus_b'];
    await projectStreamBatch(deps(views), [
      ...table.put(profileItem(survivor), orderRecord(survivor, 1)),
      ...table.put(profileItem(merged), orderRecord(merged, 2), orderRecord(merged, 3)),
    ]);
    expect(readView(views, merged).view.state.records.order.count).toBe(2);

    // act: the merge moves the records and marks the merged head, in one commit (rev bumps on both)
    const moved = [orderRecord(merged, 2), orderRecord(merged, 3)].map((i) => ({
      ...i,
      pk: keys.customer(survivor),
      customerId: survivor,
      cause: 'move',
    }));
    const merge = [
      ...table.remove(...moved.map((i) => ({ pk: keys.customer(merged), sk: i.sk }))),
      ...table.put(...moved),
      ...table.put(
        profileItem(merged, { status: 'merged', mergedInto: survivor, rev: 1 }),
        profileItem(survivor, { rev: 1 }),
      ),
    ];
    await projectStreamBatch(deps(views), merge);

    // assert
    const after = readView(views, survivor);
    expect(after.current).toBe(true);
    expect(after.view.state.records.order.count).toBe(3);
    expect(views.partition(merged, 'PROFILE#VIEW#')).toEqual([]);
  });

  it('refills a truncated list from the partition when an unmerge takes kept records out', async () => {
    // prepare
    const { views, table } = setUp();
    const id = 'cus_unmerge';
    await inBatches(views, [
      ...table.put(profileItem(id)),
      ...Array.from({ length: 40 }, (_, n) => table.put(orderRecord(id, n))).flat(),
    ]);

    // act: the five newest orders leave (they belonged to the customer an unmerge brings back)
    const out = table.remove(
      ...[35, 36, 37, 38, 39].map((n) => ({ pk: keys.customer(id), sk: orderRecord(id, n).sk })),
    );
    await projectStreamBatch(deps(views), [...out, ...table.put(profileItem(id, { rev: 1 }))]);

    // assert
    const { view, current } = readView(views, id);
    const recent = view.state.records.order.lists.recent;
    expect(current).toBe(true);
    expect(recent?.total).toBe(35);
    expect(recent?.entries.map((e) => e.recordKey.split('#').at(-1))).toEqual(
      Array.from({ length: 20 }, (_, i) => `SO-${34 - i}`),
    );
  });

  it('removes an erased customer’s view and does not bring it back on stray changes', async () => {
    // prepare
    const { views, table } = setUp();
    const id = 'cus_erased';
    await projectStreamBatch(deps(views), table.put(profileItem(id), orderRecord(id, 1)));

    // act
    const erase = [
      ...table.remove({ pk: keys.customer(id), sk: orderRecord(id, 1).sk }),
      ...table.put(profileItem(id, { status: 'erased', rev: 2 })),
    ];
    await projectStreamBatch(deps(views), erase);
    await projectStreamBatch(deps(views), table.put(orderRecord(id, 2)));

    // assert
    expect(views.partition(id, 'PROFILE#VIEW#')).toEqual([]);
  });

  it('builds a missing view from the partition without counting what the table read already held', async () => {
    // prepare: history written before the projector ran (no view), then a change seen by both
    const { views, table } = setUp();
    const id = 'cus_existing';
    const old = [
      ...table.put(profileItem(id)),
      ...Array.from({ length: 30 }, (_, n) => table.put(orderRecord(id, n))).flat(),
    ];
    const recent = table.put(orderRecord(id, 30));

    // act: only the last change reaches the projector first; the earlier ones come later (a slow shard)
    await projectStreamBatch(deps(views), recent);
    await projectStreamBatch(deps(views), old);
    await projectStreamBatch(deps(views), table.put(orderRecord(id, 31)));

    // assert
    const { view } = readView(views, id);
    expect(view.state.records.order.count).toBe(32);
    expect(views.partitionReads).toBe(1);
  });
});
