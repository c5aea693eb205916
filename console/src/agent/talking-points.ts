import type { Customer360Response } from '../../../schemas/api/customer-360.ts';

/** Something worth saying on the call, and why the console suggests it. */
export interface TalkingPoint {
  readonly kind:
    | 'keyCustomer'
    | 'churnWarning'
    | 'paymentRisk'
    | 'overdueInvoice'
    | 'warrantyExpiring'
    | 'successorProduct'
    | 'lateShipment'
    | 'churnRisk';
  readonly text: string;
}

const DAY_MS = 86_400_000;
/** Warranties ending within this many days are worth a word (renewal, service contract). */
export const WARRANTY_NOTICE_DAYS = 90;

const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount);

/**
 * What the insights say is worth knowing before anything else: a key customer, an open churn warning with
 * its signals, a high payment risk with its evidence. Empty while the insights have not run.
 */
const insightPoints = (view: Customer360Response): TalkingPoint[] => {
  const detail = view.insights.detail;
  if (!detail) return [];
  const points: TalkingPoint[] = [];
  const key = detail.keyCustomer;
  if (key?.flagged) {
    points.push({
      kind: 'keyCustomer',
      text: `Key customer${key.rank === null ? '' : `, number ${key.rank} by revenue`}: give this call priority.`,
    });
  }
  const churn = detail.churnWarning;
  if (churn.episode && !churn.episode.closedAt) {
    const signals = churn.signals.map((s) => s.text).join('; ');
    points.push({
      kind: 'churnWarning',
      text: `Churn warning since ${churn.episode.openedAt.slice(0, 10)} (score ${churn.score}/100)${signals ? `: ${signals}` : ''}.`,
    });
  }
  if (detail.risk.value === 'high') {
    points.push({ kind: 'paymentRisk', text: `High payment risk: ${detail.risk.text}` });
  }
  return points;
};

/** Suggestions drawn only from data the 360 view carries; nothing is invented when a field is absent. */
export const talkingPoints = (view: Customer360Response, today: Date): TalkingPoint[] => {
  const points: TalkingPoint[] = insightPoints(view);
  const overdue = view.invoices.filter((i) => i.overdue);
  if (overdue.length > 0) {
    const byCurrency = new Map<string, number>();
    for (const i of overdue)
      byCurrency.set(i.currency, (byCurrency.get(i.currency) ?? 0) + (i.openAmount ?? i.amount));
    const total = [...byCurrency].map(([c, a]) => money(a, c)).join(' + ');
    const oldest = overdue.map((i) => i.dueDate).sort()[0];
    points.push({
      kind: 'overdueInvoice',
      text: `${overdue.length} overdue invoice${overdue.length === 1 ? '' : 's'} (${total}), oldest due ${oldest}.`,
    });
  }
  for (const owned of view.productsOwned) {
    if (owned.warrantyEnd) {
      const daysLeft = Math.ceil((Date.parse(owned.warrantyEnd) - today.getTime()) / DAY_MS);
      if (daysLeft >= 0 && daysLeft <= WARRANTY_NOTICE_DAYS) {
        points.push({
          kind: 'warrantyExpiring',
          text: `Warranty of ${owned.product?.name ?? owned.partNumber}${owned.serialNumber ? ` (${owned.serialNumber})` : ''} ends ${owned.warrantyEnd}, in ${daysLeft} days.`,
        });
      }
    }
    if (owned.product?.successorPartNumber) {
      points.push({
        kind: 'successorProduct',
        text: `${owned.product.name} (${owned.partNumber}) has a successor: ${owned.product.successorPartNumber}.`,
      });
    }
  }
  const late = view.openShipments.filter((s) => s.late);
  if (late.length > 0) {
    points.push({
      kind: 'lateShipment',
      text: `${late.length} shipment${late.length === 1 ? ' is' : 's are'} late: ${late.map((s) => s.shipmentNumber).join(', ')}.`,
    });
  }
  const stage = view.insights.lifecycleStage;
  if (stage && ['doubtful', 'dormant', 'churned'].includes(stage.value)) {
    points.push({ kind: 'churnRisk', text: `Lifecycle stage ${stage.value}: ${stage.reason}` });
  }
  return points;
};
