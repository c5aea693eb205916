import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { InvalidRequestError } from '../../../app/api/errors.ts';
import { parseRequest } from '../../../functions/api/http/parse-request.ts';
import { getTimelineOperation } from '../../../schemas/api/operations/get-timeline.ts';
import { unmergeCustomerOperation } from '../../../schemas/api/operations/unmerge-customer.ts';
import { apiEvent } from './support/api-event.ts';

const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err: unknown) {
    if (err instanceof InvalidRequestError) return err.problems;
    throw err;
  }
  throw new Error('expected the request to be rejected');
};

describe('request validation', () => {
  it('parses path, query defaults and coercion', () => {
    const event = apiEvent('GET /customers/{id}/timeline', { path: { id: 'cus_1' }, query: { limit: '5' } });

    const request = parseRequest(getTimelineOperation.request, event);

    expect(request).toEqual({ path: { id: 'cus_1' }, query: { limit: 5 } });
  });

  it('lists every problem: bad path id, out-of-range limit, unknown parameter', () => {
    const event = apiEvent('GET /customers/{id}/timeline', {
      path: { id: 'bad id#' },
      query: { limit: '1000', limt: '5' },
    });

    const problems = problemsOf(() => parseRequest(getTimelineOperation.request, event));

    expect(problems).toEqual(
      expect.arrayContaining([
        { in: 'path', field: 'id', detail: expect.stringContaining('customer id') },
        { in: 'query', field: 'limit', detail: 'must be at most 100' },
        { in: 'query', field: 'limt', detail: 'is not a known parameter' },
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('rejects query parameters on a route that declares none', () => {
    const schema = z.object({ path: z.strictObject({ id: z.string() }) });
    const event = apiEvent('GET /customers/{id}/identity', { path: { id: 'x' }, query: { verbose: '1' } });

    expect(problemsOf(() => parseRequest(schema, event))).toEqual([
      { in: 'query', field: 'verbose', detail: 'is not a known parameter' },
    ]);
  });

  it('names body fields, unknown fields and unparseable JSON', () => {
    const path = { id: 'cus_1' };
    const invalid = apiEvent('POST /customers/{id}/unmerge', { path, body: '{"reason":"x","extra":1}' });
    const garbled = apiEvent('POST /customers/{id}/unmerge', { path, body: '{"entryId":' });

    expect(problemsOf(() => parseRequest(unmergeCustomerOperation.request, invalid))).toEqual(
      expect.arrayContaining([
        { in: 'body', field: 'entryId', detail: expect.any(String) },
        { in: 'body', field: 'reason', detail: 'must say why the merge is wrong' },
        { in: 'body', field: 'extra', detail: 'is not a known field' },
      ]),
    );
    expect(problemsOf(() => parseRequest(unmergeCustomerOperation.request, garbled))).toEqual(
      expect.arrayContaining([{ in: 'body', field: '(root)', detail: 'is not valid JSON' }]),
    );
  });
});
