import type { DemandPicture } from '../../schemas/api/demand.ts';
import type { DemandConfig } from '../../schemas/config/demand-config.ts';
import type { DemandSignalState } from '../../schemas/entities/demand-signal.ts';
import type { PartDemandSnapshot } from '../ports/demand-store.ts';
import { availableStock, orderDemandWithinLeadTime, planningLeadTimeDays } from './available-stock.ts';
import { computePartDemand } from './compute-demand.ts';
import { buildDemandPicture } from './demand-picture.ts';
import { type DemandSignalDecision, evaluateDemandSignal } from './evaluate-demand-signal.ts';

/** Safety stock of a part: its own setting, else the default. */
const safetyStockOf = (partNumber: string, config: DemandConfig): number =>
  config.safetyStockByPart[partNumber] ?? config.safetyStock;

/** What a part's demand, stock and lead time add up to from a store snapshot. */
const figures = (snapshot: PartDemandSnapshot, config: DemandConfig, now: Date) => {
  const { partNumber } = snapshot;
  const demand = computePartDemand(partNumber, snapshot.inputs, config, now);
  const leadTimeDays = planningLeadTimeDays(partNumber, snapshot.inventory, config.defaultLeadTimeDays);
  const countedOrders = orderDemandWithinLeadTime(demand, now, leadTimeDays);
  return {
    demand,
    stock: availableStock(partNumber, snapshot.inventory, countedOrders),
    leadTimeDays,
    safetyStock: safetyStockOf(partNumber, config),
    unit: snapshot.inventory.find((position) => position.unit !== undefined)?.unit,
  };
};

/** Decides a part's demand signal from everything the store holds about it now. */
export const decidePartSignal = (
  snapshot: PartDemandSnapshot,
  config: DemandConfig,
  now: Date,
): DemandSignalDecision => {
  const { demand, stock, leadTimeDays, safetyStock, unit } = figures(snapshot, config, now);
  return evaluateDemandSignal({
    partNumber: snapshot.partNumber,
    demand,
    stock,
    leadTimeDays,
    safetyStock,
    now,
    previousSignal: snapshot.signal,
    config,
    unit,
  });
};

/**
 * The demand picture of a part from a store snapshot and the signal's earlier states, oldest first
 * (`GET /products/{partNumber}/demand`).
 */
export const partDemandPicture = (
  snapshot: PartDemandSnapshot,
  config: DemandConfig,
  now: Date,
  signalHistory: readonly DemandSignalState[] = [],
): DemandPicture => {
  const { demand, stock, leadTimeDays, safetyStock } = figures(snapshot, config, now);
  return buildDemandPicture({
    demand,
    stock,
    leadTimeDays,
    safetyStock,
    signal: snapshot.signal,
    signalHistory,
    now,
  });
};
