import type { Json } from '../../odata/v2-format.ts';

/** A planned independent requirement the sandbox ERP holds under its key. */
export interface PlannedOrderRecord {
  readonly key: string;
  readonly body: Json;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** How many PUTs wrote it (1 = created, more = updated or redelivered). */
  readonly writes: number;
  readonly lastIdempotencyKey?: string;
}

/** One call the ERP received, for counting redeliveries. */
export interface PlannedOrderCall {
  readonly method: 'PUT' | 'DELETE';
  readonly key: string;
  readonly at: string;
  readonly idempotencyKey?: string;
  /** What the call did: created, updated, repeated (same idempotency key), withdrawn, or absent (nothing to delete). */
  readonly effect: 'created' | 'updated' | 'repeated' | 'withdrawn' | 'absent';
}

export const PLANNED_ORDERS_PATH = '/erp/planned-orders';

/**
 * ERP production planning's planned orders: `PUT …/<key>` upserts (a repeat updates, never duplicates),
 * `DELETE …/<key>` withdraws (a repeat is harmless). Every call is logged with its idempotency key.
 */
export class PlannedOrderBook {
  readonly #orders = new Map<string, PlannedOrderRecord>();
  readonly #calls: PlannedOrderCall[] = [];

  upsert(
    key: string,
    body: Json,
    at: string,
    idempotencyKey: string | undefined,
  ): PlannedOrderCall['effect'] {
    const existing = this.#orders.get(key);
    const effect =
      existing === undefined
        ? 'created'
        : idempotencyKey !== undefined && existing.lastIdempotencyKey === idempotencyKey
          ? 'repeated'
          : 'updated';
    this.#orders.set(key, {
      key,
      body,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
      writes: (existing?.writes ?? 0) + 1,
      ...(idempotencyKey === undefined ? {} : { lastIdempotencyKey: idempotencyKey }),
    });
    this.#calls.push({ method: 'PUT', key, at, effect, ...(idempotencyKey ? { idempotencyKey } : {}) });
    return effect;
  }

  withdraw(key: string, at: string, idempotencyKey: string | undefined): PlannedOrderCall['effect'] {
    const effect = this.#orders.delete(key) ? 'withdrawn' : 'absent';
    this.#calls.push({ method: 'DELETE', key, at, effect, ...(idempotencyKey ? { idempotencyKey } : {}) });
    return effect;
  }

  list(): PlannedOrderRecord[] {
    return [...this.#orders.values()];
  }

  get(key: string): PlannedOrderRecord | undefined {
    return this.#orders.get(key);
  }

  calls(): PlannedOrderCall[] {
    return [...this.#calls];
  }
}
