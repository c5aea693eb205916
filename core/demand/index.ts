/** Production demand: demand per part and day, available stock, and the demand-signal decision. */

export { affectedParts } from './affected-parts.ts';
export { availableStock, planningLeadTimeDays } from './available-stock.ts';
export { computeDemand, computePartDemand, type PartDemand } from './compute-demand.ts';
export { decidePartSignal, partDemandPicture } from './decide-part-signal.ts';
export type { CustomerOrder, DemandInputs, WebInterestSighting } from './demand-inputs.ts';
export { buildDemandPicture } from './demand-picture.ts';
export {
  type DemandSignalDecision,
  type DemandSignalInput,
  evaluateDemandSignal,
} from './evaluate-demand-signal.ts';
export { type PlannedOrderDelivery, plannedOrderDelivery } from './planned-order-delivery.ts';
export { demandSignalIdempotencyKey, demandSignalKey } from './signal-keys.ts';
