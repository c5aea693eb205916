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
  /** Earlier states of the signal, oldest first. */
  readonly signalHistory?: readonly DemandSignalState[];
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
    signalHistory: signalHistoryWithCurrent(input.signalHistory ?? [], input.signal),
  };
};

/**
 * The history always ends with the current state: a signal decided before the store kept its history,
 * or one whose history is read a moment before its newest revision, still shows where it stands.
 */
const signalHistoryWithCurrent = (
  history: readonly DemandSignalState[],
  current: DemandSignalState | undefined,
): DemandSignalState[] => {
  const sorted = [...history].sort((a, b) => a.revision - b.revision);
  if (!current || sorted.some((state) => state.revision === current.revision)) return sorted;
  // Stryker disable next-line EqualityOperator: equivalent for `<=`, no state has the current revision once the line above has passed (the mark also drops the killed `>=`)
  return [...sorted.filter((state) => state.revision < current.revision), current];
};
