import type { InventoryData } from '../../schemas/entities/inventory.ts';
import type { AvailableStock } from '../../schemas/events/demand-events.ts';

/** Stock of a part over all sites and organisations: on hand + inbound − allocated. */
export const availableStock = (partNumber: string, inventory: readonly InventoryData[]): AvailableStock => {
  const positions = inventory.filter((position) => position.partNumber === partNumber);
  const onHand = positions.reduce((sum, position) => sum + position.onHand, 0);
  const inbound = positions.reduce((sum, position) => sum + position.inbound, 0);
  const allocated = positions.reduce((sum, position) => sum + position.allocated, 0);
  return { onHand, inbound, allocated, available: onHand + inbound - allocated, sites: positions.length };
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
