import type { DemandPicture } from '../../schemas/api/demand.ts';
import type { DemandSignalState } from '../../schemas/entities/demand-signal.ts';
import type { AvailableStock } from '../../schemas/events/demand-events.ts';
import type { PartDemand } from './compute-demand.ts';

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** The demand picture of one part, as the API answers `GET /products/{partNumber}/demand`. */
export const buildDemandPicture = (input: {
  readonly demand: PartDemand;
  readonly stock: AvailableStock;
  readonly leadTimeDays: number;
  readonly safetyStock: number;
  readonly signal?: DemandSignalState | undefined;
  readonly now: Date;
}): DemandPicture => {
  const totals = { order: 0, quote: 0, web: 0, total: 0 };
  for (const day of input.demand.days) {
    totals.order += day.order;
    totals.quote += day.quote;
    totals.web += day.web;
    totals.total += day.total;
  }
  return {
    partNumber: input.demand.partNumber,
    asOf: input.now.toISOString(),
    days: [...input.demand.days],
    totals: {
      order: round(totals.order),
      quote: round(totals.quote),
      web: round(totals.web),
      total: round(totals.total),
    },
    evidence: [...input.demand.evidence],
    stock: input.stock,
    leadTimeDays: input.leadTimeDays,
    safetyStock: input.safetyStock,
    ...(input.signal ? { signal: input.signal } : {}),
  };
};
