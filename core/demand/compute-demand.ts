import type { DemandConfig } from '../../schemas/config/demand-config.ts';
import type { OrderStatus } from '../../schemas/entities/order.ts';
import type { DemandDay, DemandEvidence, DemandSource } from '../../schemas/events/demand-events.ts';
import { dayNumber, isoDay } from '../calendar/calendar-day.ts';
import type { DemandInputs, WebInterestSighting } from './demand-inputs.ts';
import { ShippedQuantities } from './shipped-quantities.ts';

/** Demand for one part: per day and source, with the records behind every figure. */
export interface PartDemand {
  readonly partNumber: string;
  /** Days with demand, earliest first. */
  readonly days: readonly DemandDay[];
  readonly evidence: readonly DemandEvidence[];
}

/** Evidence with the part it is about (the evidence itself names no part: it sits under one). */
type PartEvidence = readonly [partNumber: string, evidence: DemandEvidence];

/** Orders whose remaining quantity is still to be produced or shipped. */
// Stryker disable next-line StringLiteral: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by demand-computation-edges.test.ts ("counts the lines of an order that is partiallyDelivered")
const OPEN_ORDER_STATUSES = new Set<OrderStatus>(['open', 'confirmed', 'partiallyDelivered']);

/** Units below this are rounding noise, not demand. */
const EPSILON = 1e-9;

// Stryker disable next-line EqualityOperator: both are ISO dates (YYYY-MM-DD), so equal day numbers mean equal strings and either answer is the same
const laterDay = (a: string, b: string): string => (dayNumber(a) >= dayNumber(b) ? a : b);

const webWeight = (sighting: WebInterestSighting, config: DemandConfig): number | undefined => {
  if (sighting.kind === 'productView') return config.viewConversionRate;
  if (sighting.kind === 'cartAdd') return config.cartAddConversionRate;
  return undefined;
};

/** Order lines and quotation lines, each as evidence; shipped units are taken off open order lines. */
const orderEvidence = (inputs: DemandInputs, config: DemandConfig, today: string): PartEvidence[] => {
  const shipped = new ShippedQuantities(inputs.shipments);
  const evidence: PartEvidence[] = [];
  for (const { customerId, order } of inputs.orders) {
    const isQuote = order.status === 'quote';
    if (!isQuote && !OPEN_ORDER_STATUSES.has(order.status)) continue;
    for (const line of order.lines) {
      const open = isQuote
        ? line.quantity
        : line.quantity - shipped.take(order.orderNumber, line.partNumber, line.quantity);
      if (open <= EPSILON) continue;
      const weight = isQuote ? config.quoteWinRate : 1;
      // Demand whose requested date has passed is still wanted: it is due today.
      const wanted = line.requestedDeliveryDate ?? isoDay(new Date(order.orderedAt));
      evidence.push([
        line.partNumber,
        {
          source: isQuote ? 'quote' : 'order',
          reference: `${order.orderNumber}/${line.lineNumber}`,
          customerId,
          day: laterDay(wanted, today),
          rawQuantity: open,
          weight,
          quantity: open * weight,
        },
      ]);
    }
  }
  return evidence;
};

/** Product views and cart adds inside the interest window, converted to expected units due today. */
const webEvidence = (inputs: DemandInputs, config: DemandConfig, now: Date): PartEvidence[] => {
  const today = isoDay(now);
  const oldest = now.getTime() - config.webInterestWindowDays * 86_400_000;
  const evidence: PartEvidence[] = [];
  for (const sighting of inputs.webInterest) {
    const weight = webWeight(sighting, config);
    const at = Date.parse(sighting.observedAt);
    if (weight === undefined || sighting.partNumber === undefined) continue;
    if (Number.isNaN(at) || at < oldest || at > now.getTime()) continue;
    const raw = sighting.kind === 'cartAdd' ? Math.max(sighting.quantity ?? 1, 1) : 1;
    evidence.push([
      sighting.partNumber,
      {
        source: 'web',
        reference: sighting.eventId,
        ...(sighting.customerId === undefined ? {} : { customerId: sighting.customerId }),
        day: today,
        rawQuantity: raw,
        weight,
        quantity: raw * weight,
      },
    ]);
  }
  return evidence;
};

/**
 * Demand per part and day: confirmed open order quantity (ordered − shipped over open orders), open
 * quotes weighted by the win rate, and web interest converted by its rates, each with its evidence.
 */
export const computeDemand = (
  inputs: DemandInputs,
  config: DemandConfig,
  now: Date,
): Map<string, PartDemand> => {
  const today = isoDay(now);
  const all = [...orderEvidence(inputs, config, today), ...webEvidence(inputs, config, now)];
  const byPart = new Map<string, DemandEvidence[]>();
  for (const [part, evidence] of all) {
    const list = byPart.get(part);
    if (list) list.push(evidence);
    else byPart.set(part, [evidence]);
  }
  const result = new Map<string, PartDemand>();
  for (const [partNumber, evidence] of byPart) {
    result.set(partNumber, { partNumber, days: sumByDay(evidence), evidence });
  }
  return result;
};

/** The demand of one part (empty when nothing asks for it). */
export const computePartDemand = (
  partNumber: string,
  inputs: DemandInputs,
  config: DemandConfig,
  now: Date,
): PartDemand => computeDemand(inputs, config, now).get(partNumber) ?? { partNumber, days: [], evidence: [] };

const round = (value: number): number => Math.round(value * 1e6) / 1e6;

const sumByDay = (evidence: readonly DemandEvidence[]): DemandDay[] => {
  const days = new Map<string, Record<DemandSource, number>>();
  for (const item of evidence) {
    const day = days.get(item.day) ?? { order: 0, quote: 0, web: 0 };
    day[item.source] += item.quantity;
    days.set(item.day, day);
  }
  return [...days.entries()]
    .sort(([a], [b]) => dayNumber(a) - dayNumber(b))
    .map(([day, sums]) => ({
      day,
      order: round(sums.order),
      quote: round(sums.quote),
      web: round(sums.web),
      total: round(sums.order + sums.quote + sums.web),
    }));
};
