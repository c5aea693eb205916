import { describe, expect, it } from 'vitest';
import { SandboxWorld } from '../../../sandbox/world/world.ts';

const NOW = new Date('2026-03-02T10:00:00Z');

describe('sandbox world: reaction triggers', () => {
  it('produces, when asked per tick, unpaid invoices already past their due date and stamped now', () => {
    const world = new SandboxWorld(11, 'small', () => NOW);
    world.overdueInvoicesPerTick = 3;
    const sapBefore = world.tables.sapS4.A_BillingDocument.all().length;
    const bcBefore = world.tables.businessCentral.salesInvoices.all().length;

    world.tick();

    const fresh = [
      ...world.tables.sapS4.A_BillingDocument.all().slice(sapBefore),
      ...world.tables.businessCentral.salesInvoices.all().slice(bcBefore),
    ];
    expect(fresh.length).toBeGreaterThanOrEqual(3);
    const overdueSap = world.tables.sapS4.A_BillingDocument.all()
      .slice(sapBefore)
      .filter(
        (row) =>
          row.YY1_ClearingStatus_BDH === 'OPEN' &&
          Number(new Date(String(row.YY1_NetDueDate_BDH))) < NOW.getTime(),
      );
    const overdueBc = world.tables.businessCentral.salesInvoices
      .all()
      .slice(bcBefore)
      .filter((row) => Number(row.remainingAmount) > 0 && Date.parse(String(row.dueDate)) < NOW.getTime());
    expect(overdueSap.length + overdueBc.length).toBeGreaterThanOrEqual(3);
  });

  it('adds exactly the requested invoices to what a normal tick does, and none by default', () => {
    const invoices = (world: SandboxWorld) =>
      world.tables.sapS4.A_BillingDocument.all().length +
      world.tables.businessCentral.salesInvoices.all().length;
    const normal = new SandboxWorld(11, 'small', () => NOW);
    const triggered = new SandboxWorld(11, 'small', () => NOW);
    triggered.overdueInvoicesPerTick = 3;

    normal.tick();
    triggered.tick();

    expect(invoices(triggered) - invoices(normal)).toBe(3);
  });

  it('produces, when asked per tick, shipments past their promised arrival, still in transit and stamped now', () => {
    const world = new SandboxWorld(11, 'small', () => NOW);
    world.lateShipmentsPerTick = 2;
    const before = new Set(world.tables.oracleScm.shipments.all().map((row) => row.ShipmentId));

    world.tick();

    const late = world.tables.oracleScm.shipments
      .all()
      .filter((row) => !before.has(row.ShipmentId))
      .filter(
        (row) =>
          row.ShipmentStatusCode === 'SHIP_CONFIRMED' &&
          row.ActualDeliveryDate === null &&
          new Date(String(row.PlannedArrivalDate)).getTime() < NOW.getTime() &&
          new Date(String(row.LastUpdateDate)).getTime() === NOW.getTime(),
      );
    expect(late).toHaveLength(2);
  });

  it('adds exactly the requested late shipments to what a normal tick does', () => {
    const shipments = (world: SandboxWorld) => world.tables.oracleScm.shipments.all().length;
    const normal = new SandboxWorld(11, 'small', () => NOW);
    const triggered = new SandboxWorld(11, 'small', () => NOW);
    triggered.lateShipmentsPerTick = 2;

    normal.tick();
    triggered.tick();

    expect(shipments(triggered) - shipments(normal)).toBe(2);
  });
});
