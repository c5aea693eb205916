import { DEFAULT_DEMAND_CONFIG, type DemandConfig } from '../../schemas/config/demand-config.ts';
import type { DemandSignalState } from '../../schemas/entities/demand-signal.ts';
import type {
  AvailableStock,
  DemandEvidence,
  DemandSignalRaisedDetail,
  DemandSignalSupersededDetail,
  DemandSignalWithdrawnDetail,
  PlannedRequirement,
  ShortageBasis,
} from '../../schemas/events/demand-events.ts';
import { dayNumber, isoDay, periodOf } from '../calendar/calendar-day.ts';
import { daysWithinLeadTime } from './available-stock.ts';
import type { PartDemand } from './compute-demand.ts';
import { demandSignalIdempotencyKey, demandSignalKey } from './signal-keys.ts';

/** An event detail without the envelope fields the publisher adds. */
type Payload<D> = Omit<D, 'schemaVersion' | 'metadata'>;

/** What to do about a part's demand signal, with the state to remember afterwards. */
export type DemandSignalDecision =
  | { readonly action: 'none'; readonly reason: string; readonly basis: ShortageBasis }
  | {
      readonly action: 'raise';
      readonly detail: Payload<DemandSignalRaisedDetail>;
      readonly next: DemandSignalState;
    }
  | {
      readonly action: 'supersede';
      readonly detail: Payload<DemandSignalSupersededDetail>;
      readonly next: DemandSignalState;
    }
  | {
      readonly action: 'withdraw';
      readonly detail: Payload<DemandSignalWithdrawnDetail>;
      readonly next: DemandSignalState;
    };

export interface DemandSignalInput {
  readonly partNumber: string;
  readonly demand: PartDemand;
  readonly stock: AvailableStock;
  readonly leadTimeDays: number;
  readonly safetyStock: number;
  readonly now: Date;
  /** The signal the hub last decided for this part, if any. */
  readonly previousSignal?: DemandSignalState | undefined;
  /** Plant, period length, minimum change; defaults as documented in the demand config. */
  readonly config?: DemandConfig;
  /** Unit of measure for the planned order (from SCM or PDM). @default 'EA' */
  readonly unit?: string | undefined;
}

/** The most evidence a signal carries: the largest contributors first. */
const MAX_EVIDENCE = 200;
const EPSILON = 1e-9;

const topEvidence = (evidence: readonly DemandEvidence[]): DemandEvidence[] =>
  [...evidence]
    .sort((a, b) => b.quantity - a.quantity || a.reference.localeCompare(b.reference))
    .slice(0, MAX_EVIDENCE);

/** Demand over today … today + lead time, the shortage and the day it starts. */
const projectShortage = (input: DemandSignalInput) => {
  const today = isoDay(input.now);
  const { horizonEnd, last, days } = daysWithinLeadTime(input.demand, input.now, input.leadTimeDays);
  const bySource = { order: 0, quote: 0, web: 0 };
  for (const day of days) {
    bySource.order += day.order;
    bySource.quote += day.quote;
    bySource.web += day.web;
  }
  const demand = bySource.order + bySource.quote + bySource.web;
  const coverable = input.stock.available - input.safetyStock;
  // The need-by date is the first day cumulative demand eats into safety stock.
  let cumulative = 0;
  let needBy = horizonEnd;
  if (coverable < -EPSILON) needBy = today;
  else {
    for (const day of days) {
      cumulative += day.total;
      if (cumulative > coverable + EPSILON) {
        needBy = day.day;
        break;
      }
    }
  }
  const basis: ShortageBasis = {
    demand: roundUnits(demand),
    bySource: {
      order: roundUnits(bySource.order),
      quote: roundUnits(bySource.quote),
      web: roundUnits(bySource.web),
    },
    stock: input.stock,
    safetyStock: input.safetyStock,
    leadTimeDays: input.leadTimeDays,
    horizonEnd,
  };
  const shortage = demand - coverable;
  // Planned orders are in whole units; a fraction of a unit short still needs one more unit.
  // No shortage, or one within rounding noise, rounds to a negative number or zero: nothing to order.
  const quantityShort = Math.max(0, Math.ceil(shortage - EPSILON));
  const evidence = input.demand.evidence.filter((item) => dayNumber(item.day) <= last);
  return { basis, quantityShort, needBy, evidence };
};

const roundUnits = (value: number) => Math.round(value * 1000) / 1000;

const plannedOrder = (
  signalKey: string,
  partNumber: string,
  plant: string,
  needBy: string,
  quantity: number,
  unit: string,
): PlannedRequirement => ({
  requirementKey: signalKey,
  material: partNumber,
  plant,
  requirementType: 'LSF',
  version: '00',
  items: [{ periodType: 'D', requirementDate: needBy, plannedQuantity: quantity, unit }],
});

/**
 * Decides a part's production demand signal: raise one when projected demand over the lead time exceeds
 * available stock plus safety stock, supersede the open one when the shortage or its date changed,
 * withdraw it when the shortage is resolved, otherwise nothing. One planned order per part, plant and
 * period: while a signal is open it keeps its key (and the period it was raised in).
 */
export const evaluateDemandSignal = (input: DemandSignalInput): DemandSignalDecision => {
  const config = input.config ?? DEFAULT_DEMAND_CONFIG;
  const unit = input.unit ?? 'EA';
  const { basis, quantityShort, needBy, evidence } = projectShortage(input);
  const previous = input.previousSignal?.status === 'open' ? input.previousSignal : undefined;
  const decidedAt = input.now.toISOString();
  const plant = previous?.plant ?? config.plant;

  if (quantityShort === 0) {
    if (!previous) return { action: 'none', reason: 'stock covers demand over the lead time', basis };
    const revision = previous.revision + 1;
    return {
      action: 'withdraw',
      detail: {
        signalKey: previous.signalKey,
        idempotencyKey: demandSignalIdempotencyKey(previous.signalKey, revision, 'withdraw'),
        revision,
        partNumber: input.partNumber,
        plant,
        period: previous.period,
        previousQuantityShort: previous.quantityShort,
        basis,
      },
      next: { ...previous, status: 'withdrawn', revision, quantityShort: 0, decidedAt },
    };
  }

  if (previous) {
    const changedBy = Math.abs(quantityShort - previous.quantityShort);
    const quantityMoved = changedBy >= Math.max(config.minimumQuantityChange, 1);
    if (!quantityMoved && needBy === previous.needBy) {
      return { action: 'none', reason: 'the open planned order already covers the shortage', basis };
    }
    const revision = previous.revision + 1;
    return {
      action: 'supersede',
      detail: {
        signalKey: previous.signalKey,
        idempotencyKey: demandSignalIdempotencyKey(previous.signalKey, revision, 'supersede'),
        revision,
        partNumber: input.partNumber,
        plant,
        period: previous.period,
        quantityShort,
        previousQuantityShort: previous.quantityShort,
        needBy,
        previousNeedBy: previous.needBy,
        basis,
        evidence: topEvidence(evidence),
        plannedOrder: plannedOrder(previous.signalKey, input.partNumber, plant, needBy, quantityShort, unit),
      },
      next: { ...previous, revision, quantityShort, needBy, decidedAt },
    };
  }

  const period = periodOf(needBy, config.planningPeriodDays);
  const signalKey = demandSignalKey(input.partNumber, plant, period.start);
  // A signal withdrawn earlier in the same period is raised again under its key; counting on from its
  // revision keeps every delivery's idempotency key distinct.
  const revision = input.previousSignal?.signalKey === signalKey ? input.previousSignal.revision + 1 : 1;
  return {
    action: 'raise',
    detail: {
      signalKey,
      idempotencyKey: demandSignalIdempotencyKey(signalKey, revision, 'raise'),
      revision,
      partNumber: input.partNumber,
      plant,
      period,
      quantityShort,
      needBy,
      basis,
      evidence: topEvidence(evidence),
      plannedOrder: plannedOrder(signalKey, input.partNumber, plant, needBy, quantityShort, unit),
    },
    next: {
      signalKey,
      partNumber: input.partNumber,
      plant,
      status: 'open',
      revision,
      quantityShort,
      needBy,
      period,
      decidedAt,
    },
  };
};
