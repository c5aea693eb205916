import type { InventoryData } from '../../schemas/entities/inventory.ts';
import type { AvailableStock } from '../../schemas/events/demand-events.ts';
import { addDays, dayNumber, isoDay } from '../calendar/calendar-day.ts';
import type { PartDemand } from './compute-demand.ts';

/** The demand days from today up to today + lead time: the horizon a shortage is projected over. */
export const daysWithinLeadTime = (demand: PartDemand, now: Date, leadTimeDays: number) => {
  const horizonEnd = addDays(isoDay(now), leadTimeDays);
  const last = dayNumber(horizonEnd);
  return { horizonEnd, last, days: demand.days.filter((day) => dayNumber(day.day) <= last) };
};

/** Open-order demand (ordered minus shipped) the hub counts within the lead time. */
export const orderDemandWithinLeadTime = (demand: PartDemand, now: Date, leadTimeDays: number): number =>
  daysWithinLeadTime(demand, now, leadTimeDays).days.reduce((sum, day) => sum + day.order, 0);

/**
 * Stock of a part over all sites and organisations, available for the demand the hub counts.
 *
 * SCM's allocations (Oracle's reserved quantity) are mostly reservations for the very sales orders the hub
 * counts as open-order demand. Subtracting them from stock *and* counting the orders would count that
 * demand twice (62 ordered and reserved against 57 on hand read as 67 short instead of 5). So allocations
 * up to the open-order demand counted within the lead time are taken as that demand, already counted
 * (`allocatedToCountedOrders`); only allocations beyond it (reservations for orders further out, or for
 * demand the hub does not see) still lower what is available:
 * `available = onHand + inbound − (allocated − allocatedToCountedOrders)`.
 */
export const availableStock = (
  partNumber: string,
  inventory: readonly InventoryData[],
  countedOrderDemand = 0,
): AvailableStock => {
  const positions = inventory.filter((position) => position.partNumber === partNumber);
  const onHand = positions.reduce((sum, position) => sum + position.onHand, 0);
  const inbound = positions.reduce((sum, position) => sum + position.inbound, 0);
  const allocated = positions.reduce((sum, position) => sum + position.allocated, 0);
  const allocatedToCountedOrders = Math.min(Math.max(allocated, 0), Math.max(countedOrderDemand, 0));
  return {
    onHand,
    inbound,
    allocated,
    allocatedToCountedOrders,
    available: onHand + inbound - (allocated - allocatedToCountedOrders),
    sites: positions.length,
  };
};

/**
 * The lead time to plan with: the longest any site reports (the slowest supply decides when material
 * must be ordered), or the configured default when SCM reports none.
 */
export const planningLeadTimeDays = (
  partNumber: string,
  inventory: readonly InventoryData[],
  defaultLeadTimeDays: number,
): number => {
  const leadTimes = inventory
    .filter((position) => position.partNumber === partNumber)
    .map((position) => position.leadTimeDays);
  return leadTimes.length === 0 ? defaultLeadTimeDays : Math.max(...leadTimes);
};
