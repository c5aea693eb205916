import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import type { CustomerReads } from '../../../app/api/customer-reads.ts';
import type { IdentityRequests } from '../../../app/api/identity-requests.ts';
import { apiHandler } from '../../../functions/api/http/api-handler.ts';
import { customersReadRoutes } from '../../../functions/api/routes/customers-read-routes.ts';
import { identityRoutes } from '../../../functions/api/routes/identity-routes.ts';
import { apiEvent, lambdaContext } from './support/api-event.ts';

const unused = () => {
  throw new Error('not expected in this test');
};

const fakeReads = (overrides: Partial<CustomerReads>): CustomerReads => ({
  customer360: unused,
  findByIdentifier: unused,
  timeline: unused,
  ...overrides,
});

const invoke = async (handler: ReturnType<typeof apiHandler>, event: ReturnType<typeof apiEvent>) =>
  (await handler(event, lambdaContext)) as APIGatewayProxyStructuredResultV2;

describe('API handlers', () => {
  it('answers the 360 read with an ETag, and 304 when core says the copy is current', async () => {
    const customer360 = vi.fn<CustomerReads['customer360']>(async (_id, ifNoneMatch) =>
      ifNoneMatch === '"t1"'
        ? { kind: 'notModified', etag: '"t1"', requests: 1 }
        : { kind: 'view', etag: '"t1"', requests: 1, view: { customerId: 'cus_1' } as never },
    );
    const handler = apiHandler(customersReadRoutes(fakeReads({ customer360 })));

    const fresh = await invoke(handler, apiEvent('GET /customers/{id}', { path: { id: 'cus_1' } }));
    const revalidated = await invoke(
      handler,
      apiEvent('GET /customers/{id}', { path: { id: 'cus_1' }, headers: { 'if-none-match': '"t1"' } }),
    );

    expect(fresh).toMatchObject({ statusCode: 200, headers: { etag: '"t1"' } });
    expect(JSON.parse(fresh.body ?? '')).toEqual({ customerId: 'cus_1' });
    expect(revalidated).toEqual({ statusCode: 304, headers: { etag: '"t1"' } });
    expect(customer360).toHaveBeenLastCalledWith('cus_1', '"t1"');
  });

  it('never calls core with an invalid request', async () => {
    const timeline = vi.fn(unused);
    const handler = apiHandler(customersReadRoutes(fakeReads({ timeline })));

    const response = await invoke(
      handler,
      apiEvent('GET /customers/{id}/timeline', { path: { id: 'cus_1' }, query: { limit: 'many' } }),
    );

    expect(response.statusCode).toBe(400);
    expect(timeline).not.toHaveBeenCalled();
  });

  it('records the token subject as who asked for an unmerge', async () => {
    const unmerge = vi.fn<IdentityRequests['unmerge']>(async () => ({
      kind: 'unmerged',
      entryId: 'L-2',
      customerIds: ['cus_1', 'cus_2'],
    }));
    const handler = apiHandler(identityRoutes({ explain: unused, unmerge }));

    const response = await invoke(
      handler,
      apiEvent('POST /customers/{id}/unmerge', {
        path: { id: 'cus_1' },
        body: JSON.stringify({ entryId: 'L-1', reason: 'different people' }),
        sub: 'agent-7',
      }),
    );

    expect(response.statusCode).toBe(200);
    expect(unmerge).toHaveBeenCalledWith('cus_1', { entryId: 'L-1', reason: 'different people' }, 'agent-7');
  });

  it('turns unexpected failures and unrouted requests into opaque 500 problems', async () => {
    const handler = apiHandler(
      customersReadRoutes(
        fakeReads({
          customer360: async () => {
            throw new Error('socket hang up from dynamodb.internal');
          },
        }),
      ),
    );

    const failed = await invoke(handler, apiEvent('GET /customers/{id}', { path: { id: 'cus_1' } }));
    const unrouted = await invoke(handler, apiEvent('GET /elsewhere'));

    expect([failed.statusCode, unrouted.statusCode]).toEqual([500, 500]);
    expect(failed.body).not.toContain('dynamodb.internal');
    expect(failed.headers?.['content-type']).toBe('application/problem+json');
  });
});
