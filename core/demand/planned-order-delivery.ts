import type { DemandSignalDecision } from './evaluate-demand-signal.ts';

/** The HTTP call that puts a demand signal into ERP production planning, built without sending it. */
export interface PlannedOrderDelivery {
  readonly method: 'PUT' | 'DELETE';
  /** `<baseUrl>/<signalKey>`: the planned order's own resource, so a repeat updates instead of adding. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The planned order for PUT; absent for DELETE. */
  readonly body?: string;
}

/**
 * The idempotent ERP call for a decision: raise and supersede upsert the planned order under its key
 * (`PUT`), withdraw deletes it (`DELETE`); every call carries the delivery's idempotency key.
 * Returns undefined when the decision needs no call.
 */
export const plannedOrderDelivery = (
  decision: DemandSignalDecision,
  baseUrl: string,
): PlannedOrderDelivery | undefined => {
  if (decision.action === 'none') return undefined;
  const url = `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(decision.detail.signalKey)}`;
  const headers = { 'idempotency-key': decision.detail.idempotencyKey };
  if (decision.action === 'withdraw') return { method: 'DELETE', url, headers };
  return {
    method: 'PUT',
    url,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(decision.detail.plannedOrder),
  };
};
