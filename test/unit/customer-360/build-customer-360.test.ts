import { describe, expect, it } from 'vitest';
import { buildCustomer360 } from '../../../core/customer-360/build-customer-360.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { StoredRecord } from '../../../core/items/stored-record.ts';
import { insightsDetail } from '../console/fixtures/insights-detail.ts';
import { recordItem } from './view-fixtures.ts';

// The fold of a customer partition into the 360 view (read path without a materialised view, and the
// reference the projector's view is compared with): which item goes where, what is left out, the order.

const ID = 'cus_1';
const rec = (
  entity: string,
  system: string,
  key: string,
  data: Record<string, unknown> | undefined,
  version = '1',
) =>
  recordItem(ID, {
    entity,
    source: { system, stream: 's', key, version },
    ...(data ? { data } : {}),
  } as unknown as StoredRecord);

const order = (key: string, orderedAt: string) =>
  rec('order', 'sap-s4', key, {
    orderNumber: key,
    orderedAt,
    status: 'open',
    currency: 'EUR',
    netAmount: 10,
    lines: [],
  });
const interaction = (key: string, occurredAt: string, agent?: string) =>
  rec('interaction', 'callcenter', key, {
    interactionId: key,
    kind: 'contact',
    channel: 'phone',
    occurredAt,
    ...(agent ? { agent } : {}),
  });
const status = (dimension: string, value: string, changedAt: string): Item => ({
  pk: keys.customer(ID),
  sk: keys.status(changedAt, dimension),
  kind: 'status',
  customerId: ID,
  change: { dimension, value, changedAt, reason: `${dimension} is ${value}`, evidence: {} },
});
const mirror = (identifier: unknown): Item => ({
  pk: keys.customer(ID),
  sk: `ID#${JSON.stringify(identifier)}`,
  kind: 'identifierMirror',
  identifier,
});
const conflictItem = (conflict: Record<string, unknown>, detectedAt: unknown): Item => ({
  pk: keys.customer(ID),
  sk: `CONFLICT#${String(conflict.conflictId)}`,
  kind: 'conflict',
  conflict,
  detectedAt,
});
const clash = {
  conflictId: 'k1',
  kind: 'uniqueIdentifierClash',
  identifier: { type: 'email', value: 'a@b.de' },
  customerIds: [ID, 'cus_2'],
  scope: 'erp:sap-s4',
  clashingValues: ['1', '2'],
  evidence: { entity: 'customer', system: 'sap-s4', stream: 's', key: '2', version: '1' },
};

describe('buildCustomer360', () => {
  it('gives an empty partition an empty view of the customer', () => {
    // act
    const view = buildCustomer360(ID, [], {});

    // assert
    expect(view).toStrictEqual({
      customerId: ID,
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
    });
  });

  it('puts each record kind in its own list with its source, leaving out other kinds and records without data', () => {
    // prepare
    const items = [
      rec('invoice', 'sap-s4', 'INV-1', { invoiceNumber: 'INV-1', issuedOn: '2026-01-01' }),
      rec('installedProduct', 'sap-s4', 'IP-1', { partNumber: 'P-1', purchasedOn: '2025-01-01' }),
      rec('shipment', 'fusion-scm', 'SH-1', { shipmentNumber: 'SH-1', promisedDate: '2026-02-01' }),
      rec('webActivity', 'segment-web', 'm-1', { messageId: 'm-1', timestamp: '2026-01-01T00:00:00Z' }),
      rec('product', 'windchill', 'P-1', { partNumber: 'P-1' }),
      rec('order', 'sap-s4', 'SO-gone', undefined),
    ];

    // act
    const view = buildCustomer360(ID, items, {});

    // assert
    const keysOf = (list: readonly { source: { key: string } }[]) => list.map((e) => e.source.key);
    expect(view.orders).toEqual([]);
    expect(keysOf(view.invoices)).toEqual(['INV-1']);
    expect(keysOf(view.installedProducts)).toEqual(['IP-1']);
    expect(keysOf(view.shipments)).toEqual(['SH-1']);
    expect(keysOf(view.webActivity)).toEqual(['m-1']);
    expect(view.invoices[0]).toStrictEqual({
      source: { system: 'sap-s4', stream: 's', key: 'INV-1', version: '1' },
      data: { invoiceNumber: 'INV-1', issuedOn: '2026-01-01' },
    });
  });

  it('builds the profile from the customer records by source priority and lists their sources', () => {
    // prepare
    const items = [
      rec('customer', 'crm', 'A', { name: 'From CRM', email: 'crm@b.de' }),
      rec('customer', 'sap-s4', 'B', { name: 'From ERP' }),
    ];

    // act
    const view = buildCustomer360(ID, items, { 'sap-s4': 10, crm: 1 });

    // assert
    expect(view.profile.name?.value).toBe('From ERP');
    expect(view.profile.email?.value).toBe('crm@b.de');
    expect(view.customerSources.map((s) => s.system)).toEqual(['crm', 'sap-s4']);
  });

  it('orders every list newest first, an entry without a date last', () => {
    // prepare
    const items = [
      order('SO-1', '2026-01-01T00:00:00Z'),
      rec('order', 'sap-s4', 'SO-x', { orderNumber: 'SO-x', lines: [] }),
      order('SO-3', '2026-03-01T00:00:00Z'),
      order('SO-2', '2026-02-01T00:00:00Z'),
      rec('invoice', 'sap-s4', 'I-1', { issuedOn: '2026-01-01' }),
      rec('invoice', 'sap-s4', 'I-2', { issuedOn: '2026-02-01' }),
      rec('installedProduct', 'sap-s4', 'IP-1', { purchasedOn: '2025-01-01' }),
      rec('installedProduct', 'sap-s4', 'IP-2', { purchasedOn: '2025-02-01' }),
      rec('shipment', 'fusion-scm', 'SH-1', { promisedDate: '2026-01-01' }),
      rec('shipment', 'fusion-scm', 'SH-2', { promisedDate: '2026-02-01' }),
      interaction('C-1', '2026-01-01T00:00:00Z'),
      interaction('C-2', '2026-02-01T00:00:00Z'),
      rec('webActivity', 'segment-web', 'm-1', { timestamp: '2026-01-01T00:00:00Z' }),
      rec('webActivity', 'segment-web', 'm-2', { timestamp: '2026-02-01T00:00:00Z' }),
      status('riskStatus', 'low', '2026-01-01T00:00:00Z'),
      status('lifecycleStage', 'longTerm', '2026-02-01T00:00:00Z'),
    ];

    // act
    const view = buildCustomer360(ID, items, {});

    // assert
    const keysOf = (list: readonly { source: { key: string } }[]) => list.map((e) => e.source.key);
    expect(keysOf(view.orders)).toEqual(['SO-3', 'SO-2', 'SO-1', 'SO-x']);
    expect(keysOf(view.invoices)).toEqual(['I-2', 'I-1']);
    expect(keysOf(view.installedProducts)).toEqual(['IP-2', 'IP-1']);
    expect(keysOf(view.shipments)).toEqual(['SH-2', 'SH-1']);
    expect(keysOf(view.interactions)).toEqual(['C-2', 'C-1']);
    expect(keysOf(view.webActivity)).toEqual(['m-2', 'm-1']);
    expect(view.statusHistory.map((s) => s.dimension)).toEqual(['lifecycleStage', 'riskStatus']);
  });

  it('names the newest contact, with its agent when one is known', () => {
    // act
    const withAgent = buildCustomer360(
      ID,
      [
        interaction('C-1', '2026-01-01T00:00:00Z', 'Old Agent'),
        interaction('C-2', '2026-02-01T00:00:00Z', 'Anna'),
      ],
      {},
    );
    const withoutAgent = buildCustomer360(ID, [interaction('C-3', '2026-02-01T00:00:00Z')], {});

    // assert
    expect(withAgent.lastContact).toStrictEqual({
      occurredAt: '2026-02-01T00:00:00Z',
      channel: 'phone',
      agent: 'Anna',
    });
    expect(withoutAgent.lastContact).toStrictEqual({ occurredAt: '2026-02-01T00:00:00Z', channel: 'phone' });
  });

  it('takes identifiers, status changes, insights and conflicts from their items, skipping malformed ones', () => {
    // prepare
    const items = [
      mirror({ type: 'email', value: 'a@b.de' }),
      mirror({ type: 'email' }),
      status('riskStatus', 'high', '2026-01-01T00:00:00Z'),
      { ...status('riskStatus', 'low', 'yesterday'), sk: 'STATUS#bad' },
      { pk: keys.customer(ID), sk: 'INSIGHTS', kind: 'insights', detail: insightsDetail },
      conflictItem(clash, '2026-02-01T00:00:00Z'),
      conflictItem({ ...clash, conflictId: 'k2' }, 'not a time'),
    ];

    // act
    const view = buildCustomer360(ID, items, {});

    // assert
    expect(view.identifiers).toEqual([{ type: 'email', value: 'a@b.de' }]);
    expect(view.statusHistory.map((s) => s.value)).toEqual(['high']);
    expect(view.insights).toEqual(insightsDetail);
    expect(view.conflicts).toEqual([{ ...clash, detectedAt: '2026-02-01T00:00:00Z' }]);
  });

  it('leaves insights out when the insights item does not parse', () => {
    // prepare
    const items = [{ pk: keys.customer(ID), sk: 'INSIGHTS', kind: 'insights', detail: { computedAt: 'x' } }];

    // act
    const view = buildCustomer360(ID, items, {});

    // assert
    expect('insights' in view).toBe(false);
  });
});
