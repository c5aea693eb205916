import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePartDemand, evaluateDemandSignal, plannedOrderDelivery } from '../../../core/demand/index.ts';
import type { Sandbox } from '../../../sandbox/index.ts';
import { DEFAULT_DEMAND_CONFIG } from '../../../schemas/config/demand-config.ts';
import { startTestSandbox, TEST_NOW } from './sandbox-http.ts';

let sandbox: Sandbox;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sandbox, close } = await startTestSandbox({ clock: () => TEST_NOW }));
});

afterAll(async () => {
  await close();
});

const call = (method: string, path: string, body?: unknown, idempotencyKey?: string) =>
  fetch(`${sandbox.endpoints.inbox}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${sandbox.credentials.inbox.token}`,
      'content-type': 'application/json',
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const held = async () => {
  const response = await call('GET', '/erp/planned-orders');
  return (await response.json()) as {
    count: number;
    plannedOrders: { key: string; body: unknown; writes: number }[];
  };
};

/** A demand signal for 8 units short, decided by the domain, as the wiring round will deliver it. */
const decide = (available: number, previous?: Parameters<typeof evaluateDemandSignal>[0]['previousSignal']) =>
  evaluateDemandSignal({
    partNumber: 'NP-100',
    demand: computePartDemand(
      'NP-100',
      {
        orders: [
          {
            customerId: 'C1',
            order: {
              orderNumber: 'O1',
              orderedAt: TEST_NOW.toISOString(),
              status: 'confirmed',
              currency: 'EUR',
              netAmount: 1,
              lines: [{ lineNumber: '10', partNumber: 'NP-100', quantity: 10 }],
            },
          },
        ],
        shipments: [],
        webInterest: [],
      },
      DEFAULT_DEMAND_CONFIG,
      TEST_NOW,
    ),
    stock: { onHand: available, inbound: 0, allocated: 0, available, sites: 1 },
    leadTimeDays: 14,
    safetyStock: 0,
    now: TEST_NOW,
    previousSignal: previous,
  });

const deliver = async (decision: ReturnType<typeof decide>) => {
  const delivery = plannedOrderDelivery(decision, `${sandbox.endpoints.inbox}/erp/planned-orders`);
  if (!delivery) throw new Error('expected a delivery');
  return fetch(delivery.url, {
    method: delivery.method,
    headers: { ...delivery.headers, authorization: `Bearer ${sandbox.credentials.inbox.token}` },
    ...(delivery.body === undefined ? {} : { body: delivery.body }),
  });
};

describe('sandbox ERP planned orders', () => {
  it('keeps one planned order per key under repeated, superseding and withdrawing deliveries', async () => {
    const raised = decide(2);
    if (raised.action !== 'raise') throw new Error('expected a raise');

    expect((await deliver(raised)).status).toBe(201);
    expect((await deliver(raised)).status).toBe(200); // a redelivery
    const afterRaise = await held();
    const superseded = decide(5, raised.next);
    await deliver(superseded);
    await deliver(superseded);
    const afterSupersede = await held();
    if (superseded.action !== 'supersede') throw new Error('expected a supersede');
    const withdrawn = decide(20, superseded.next);
    expect((await deliver(withdrawn)).status).toBe(200);
    expect((await deliver(withdrawn)).status).toBe(200); // a redelivered withdrawal is harmless

    expect(afterRaise.count).toBe(1);
    expect(afterSupersede.plannedOrders).toEqual([
      expect.objectContaining({
        key: raised.detail.signalKey,
        writes: 4,
        body: expect.objectContaining({ items: [expect.objectContaining({ plannedQuantity: 5 })] }),
      }),
    ]);
    expect((await held()).count).toBe(0);
    expect(sandbox.inbox.plannedOrders.calls().map((c) => c.effect)).toEqual([
      'created',
      'repeated',
      'updated',
      'repeated',
      'withdrawn',
      'absent',
    ]);
  });

  it('refuses a planned order that is not JSON and methods other than PUT and DELETE', async () => {
    const notJson = await fetch(`${sandbox.endpoints.inbox}/erp/planned-orders/K1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${sandbox.credentials.inbox.token}` },
      body: 'nope',
    });

    expect(notJson.status).toBe(400);
    expect((await call('POST', '/erp/planned-orders/K1', {})).status).toBe(405);
  });

  it('records service tasks like the other inbox deliveries', async () => {
    const response = await call('POST', '/service/tasks', { taskId: 't-1' }, 'idem-1');

    expect(response.status).toBe(202);
    expect(sandbox.inbox.list('serviceTasks')).toEqual([
      expect.objectContaining({ idempotencyKey: 'idem-1', body: { taskId: 't-1' } }),
    ]);
  });
});
