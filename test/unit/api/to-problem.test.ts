import { describe, expect, it } from 'vitest';
import {
  CustomerErasedError,
  CustomerMergedError,
  CustomerNotFoundError,
  InvalidRequestError,
} from '../../../app/api/errors.ts';
import { toProblemResponse } from '../../../functions/api/http/to-problem.ts';
import { ProblemSchema } from '../../../schemas/api/problem.ts';
import { apiEvent } from './support/api-event.ts';

const bodyOf = (response: { body?: string }) => ProblemSchema.parse(JSON.parse(response.body ?? '{}'));

describe('mapping errors to RFC 9457 problems', () => {
  it('answers invalid requests with 400 listing each problem', () => {
    const err = new InvalidRequestError([{ in: 'query', field: 'limit', detail: 'must be at most 100' }]);

    const response = toProblemResponse(err, apiEvent('GET /customers/{id}/timeline', { path: { id: 'c' } }));

    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(bodyOf(response)).toMatchObject({
      type: 'urn:hub360:problem:invalid-request',
      status: 400,
      instance: '/customers/c/timeline',
      errors: [{ in: 'query', field: 'limit', detail: 'must be at most 100' }],
    });
  });

  it('points a GET for a merged-away id to the survivor with 307, keeping sub-path and query', () => {
    const event = apiEvent('GET /customers/{id}/timeline', { path: { id: 'old' }, query: { limit: '5' } });

    const response = toProblemResponse(new CustomerMergedError('old', 'new'), event);

    expect(response.statusCode).toBe(307);
    expect(response.headers?.location).toBe('/customers/new/timeline?limit=5');
    expect(bodyOf(response)).toMatchObject({ status: 307, survivorId: 'new' });
  });

  it('does not redirect an erase of a merged-away id: 409 with the pointer', () => {
    const event = apiEvent('DELETE /customers/{id}', { path: { id: 'old' } });

    const response = toProblemResponse(new CustomerMergedError('old', 'new'), event);

    expect(response.statusCode).toBe(409);
    expect(bodyOf(response)).toMatchObject({ status: 409, survivorId: 'new' });
  });

  it('maps unknown and erased customers to 404 and 410', () => {
    const event = apiEvent('GET /customers/{id}', { path: { id: 'x' } });

    expect(toProblemResponse(new CustomerNotFoundError('x'), event).statusCode).toBe(404);
    expect(toProblemResponse(new CustomerErasedError('x'), event).statusCode).toBe(410);
  });

  it('hides the message of unexpected errors behind a 500', () => {
    const response = toProblemResponse(
      new Error('ProvisionedThroughputExceeded on table hub360-prod'),
      apiEvent('GET /customers/{id}', { path: { id: 'x' } }),
    );

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('hub360-prod');
    expect(bodyOf(response).detail).toContain('req-1');
  });
});
