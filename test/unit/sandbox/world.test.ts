import { describe, expect, it } from 'vitest';
import { rowKey } from '../../../sandbox/odata/entity-model.ts';
import type { SourceTable } from '../../../sandbox/world/source-table.ts';
import { SandboxWorld } from '../../../sandbox/world/world.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const fixedClock = () => NOW;

const snapshot = (world: SandboxWorld) =>
  Object.fromEntries(
    Object.entries(world.tables).flatMap(([system, streams]) =>
      Object.entries<SourceTable>(streams).map(([name, table]) => [
        `${system}.${name}`,
        JSON.stringify(table.all()),
      ]),
    ),
  );

const newest = (dates: unknown[]): number =>
  Math.max(...dates.map((value) => (value instanceof Date ? value.getTime() : 0)));

describe('SandboxWorld', () => {
  it('produces the same data for the same seed and clock, and different data for another seed', () => {
    const first = snapshot(new SandboxWorld(7, 'small', fixedClock));
    const again = snapshot(new SandboxWorld(7, 'small', fixedClock));
    const other = snapshot(new SandboxWorld(8, 'small', fixedClock));

    expect(again).toEqual(first);
    expect(other['sapS4.A_BusinessPartner']).not.toEqual(first['sapS4.A_BusinessPartner']);
  });

  it('looks like a real manufacturer: shared customers, overdue invoices, late shipments, successors, low stock', () => {
    const world = new SandboxWorld(360, 'small', fixedClock);
    const { sapS4, businessCentral, windchill, oracleScm } = world.tables;

    const sapEmails = new Set(
      sapS4.A_BusinessPartner.all().flatMap(
        (partner) =>
          JSON.stringify(partner)
            .match(/"EmailAddress":"([^"]+)"/g)
            ?.map((match) => match.slice(16, -1).toLowerCase()) ?? [],
      ),
    );
    const shared = businessCentral.customers
      .all()
      .filter((customer) => sapEmails.has(String(customer.email).toLowerCase()));
    const overdueSap = sapS4.A_BillingDocument.all().filter(
      (invoice) =>
        invoice.YY1_ClearingStatus_BDH === 'OPEN' && Number(invoice.YY1_NetDueDate_BDH) < NOW.getTime(),
    );
    const lateShipments = oracleScm.shipments.all().filter((shipment) => {
      const planned = Number(shipment.PlannedArrivalDate);
      const delivered =
        shipment.ActualDeliveryDate instanceof Date ? shipment.ActualDeliveryDate.getTime() : NOW.getTime();
      return delivered > planned;
    });
    const successorParts = world.products.filter((product) => product.successorNumber !== undefined);
    const lowStock = oracleScm.onhandQuantityDetails
      .all()
      .filter((row) => Number(row.OnhandQuantity) < Number(row.ReorderPoint));

    expect(sapS4.A_BusinessPartner.size).toBeGreaterThan(20);
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.some((customer) => !sapEmails.has(String(customer.email)))).toBe(true); // typed differently
    expect(overdueSap.length).toBeGreaterThan(0);
    expect(lateShipments.length).toBeGreaterThan(0);
    expect(successorParts.length).toBeGreaterThan(0);
    expect(windchill.Parts.size).toBeGreaterThan(world.products.length);
    expect(lowStock.length).toBeGreaterThan(0);
    expect(world.webCustomers().length).toBeGreaterThan(0);
  });

  it('keeps changing on tick, stamping changes with the clock', () => {
    let now = NOW;
    const world = new SandboxWorld(360, 'small', () => now);
    const ordersBefore = world.tables.sapS4.A_SalesOrder.size + world.tables.businessCentral.salesOrders.size;
    const shipmentsBefore = newest(world.tables.oracleScm.shipments.all().map((row) => row.LastUpdateDate));

    now = new Date(NOW.getTime() + 60_000);
    const summary = world.tick();

    const shipmentsAfter = newest(world.tables.oracleScm.shipments.all().map((row) => row.LastUpdateDate));
    const ordersAfter = world.tables.sapS4.A_SalesOrder.size + world.tables.businessCentral.salesOrders.size;
    expect(summary.newOrders).toBe(2);
    expect(summary.milestones).toBeGreaterThan(0);
    expect(shipmentsBefore).toBeLessThan(now.getTime());
    expect(shipmentsAfter).toBe(now.getTime());
    expect(ordersAfter).toBeGreaterThanOrEqual(ordersBefore);
  });

  it('ties the last-changed timestamp of many rows on request', () => {
    const world = new SandboxWorld(360, 'small', fixedClock);
    const at = '2026-02-28T08:00:00.000Z';

    const keys = world.applyDataFault('sapS4', {
      kind: 'tieTimestamps',
      stream: 'A_SalesOrder',
      count: 12,
      at,
    });

    const tied = world.tables.sapS4.A_SalesOrder.all().filter((row) => keys.includes(String(row.SalesOrder)));
    expect(tied).toHaveLength(12);
    expect(new Set(tied.map((row) => (row.LastChangeDateTime as Date).toISOString()))).toEqual(new Set([at]));
  });

  it('adds late rows whose timestamp lies in the past', () => {
    const world = new SandboxWorld(360, 'small', fixedClock);

    const keys = world.applyDataFault('windchill', {
      kind: 'lateRows',
      stream: 'Parts',
      count: 2,
      ageMinutes: 90,
    });

    const changed = keys.map((key) => world.tables.windchill.Parts.get(key));
    expect(changed).toHaveLength(2);
    for (const row of changed) expect(row?.LastModified).toEqual(new Date(NOW.getTime() - 90 * 60_000));
  });

  it('deletes rows and remembers them as tombstones', () => {
    const world = new SandboxWorld(360, 'small', fixedClock);
    const table = world.tables.businessCentral.customers;
    const victim = table.all()[0];
    if (!victim) throw new Error('no customers');
    const key = rowKey(table.meta, victim);

    world.applyDataFault('businessCentral', {
      kind: 'deleteRows',
      stream: 'customers',
      count: 1,
      keys: [key],
    });

    expect(table.get(key)).toBeUndefined();
    expect(table.removedKeys()).toContain(key);
  });

  it('names the known streams when a fault targets an unknown one', () => {
    const world = new SandboxWorld(360, 'small', fixedClock);

    expect(() => world.applyDataFault('oracleScm', { kind: 'deleteRows', stream: 'nope', count: 1 })).toThrow(
      'known: shipments, onhandQuantityDetails',
    );
  });
});

describe('SandboxWorld soft deletes', () => {
  it('flags duplicate partners for archiving and cancels invoices over many ticks, stamped with the clock', () => {
    let now = NOW;
    const world = new SandboxWorld(360, 'small', () => now);

    for (let tick = 1; tick <= 60; tick += 1) {
      now = new Date(NOW.getTime() + tick * 60_000);
      world.tick();
    }

    const archived = world.tables.sapS4.A_BusinessPartner.all().filter(
      (row) => row.IsMarkedForArchiving === true,
    );
    const cancelled = world.tables.sapS4.A_BillingDocument.all().filter(
      (row) => row.BillingDocumentIsCancelled === true,
    );
    expect(archived.length).toBeGreaterThan(0);
    expect(cancelled.length).toBeGreaterThan(0);
    for (const row of [...cancelled]) expect(Number(row.LastChangeDateTime)).toBeGreaterThan(NOW.getTime());
    for (const row of cancelled) expect(row.YY1_ClearingStatus_BDH).toBe('OPEN');
  });
});
