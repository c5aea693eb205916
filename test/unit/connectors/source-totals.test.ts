import { describe, expect, it } from 'vitest';
import type { JsonResponse, SourceHttpClient } from '../../../connectors/http/http-client.ts';
import { parseODataPage } from '../../../connectors/protocols/odata/odata-page.ts';
import { buildWindowUrl } from '../../../connectors/protocols/odata/odata-query.ts';
import { ODataStreamConfigSchema } from '../../../connectors/protocols/odata/odata-stream-config.ts';
import { followRestPages } from '../../../connectors/protocols/rest/rest-pages.ts';
import { RestStreamConfigSchema } from '../../../connectors/protocols/rest/rest-stream-config.ts';

const odata = (version: 'v2' | 'v4', requestCount?: boolean) =>
  ODataStreamConfigSchema.parse({
    name: 'customers',
    version,
    entitySet: '/customers',
    keyFields: ['id'],
    cursorField: 'lastModifiedDateTime',
    ...(requestCount === undefined ? {} : { requestCount }),
  });

const window = { from: undefined, upTo: '2026-03-01T10:00:00.000Z' };

describe('totals the source reports, for the sync’s progress bar', () => {
  it('asks an OData v4 service for $count and a v2 service for $inlinecount on the first URL only', () => {
    const v4 = new URL(buildWindowUrl('https://erp.example.com/api', odata('v4'), window));
    const v2 = new URL(buildWindowUrl('https://erp.example.com/api', odata('v2'), window));
    const off = new URL(buildWindowUrl('https://erp.example.com/api', odata('v4', false), window));

    expect(v4.searchParams.get('$count')).toBe('true');
    expect(v2.searchParams.get('$inlinecount')).toBe('allpages');
    expect([off.searchParams.has('$count'), off.searchParams.has('$inlinecount')]).toEqual([false, false]);
  });

  it('reads the count of an OData page: v4 @odata.count, v2 __count (a string)', () => {
    const v4 = parseODataPage('v4', { value: [{ id: 1 }], '@odata.count': 1234 });
    const v2 = parseODataPage('v2', { d: { results: [{ id: 1 }], __count: '987' } });
    const none = parseODataPage('v4', { value: [] });

    expect([v4.count, v2.count, none.count]).toEqual([1234, 987, undefined]);
  });

  it('ignores a count that is not a number instead of failing the page', () => {
    const page = parseODataPage('v2', { d: { results: [], __count: 'many' } });

    expect(page.count).toBeUndefined();
  });

  it('asks a REST source for its total with the first request only and reports it with the first page', async () => {
    const config = RestStreamConfigSchema.parse({
      name: 'shipments',
      path: '/shipments',
      keyFields: ['ShipmentId'],
      cursorField: 'LastUpdateDate',
      windowFilter: { param: 'q', from: 'x >= {value}', upTo: 'x <= {value}' },
      paging: { kind: 'offset', limit: 2 },
      total: { params: { totalResults: 'true' }, field: 'totalResults' },
    });
    const requested: URL[] = [];
    const bodies = [
      { items: [{ ShipmentId: 1 }, { ShipmentId: 2 }], hasMore: true, totalResults: 3 },
      { items: [{ ShipmentId: 3 }], hasMore: false },
    ];
    const http = {
      getJson: async (url: string): Promise<JsonResponse> => {
        requested.push(new URL(url));
        return { json: bodies[requested.length - 1], headers: {} };
      },
    } as unknown as SourceHttpClient;

    const pages = [];
    for await (const page of followRestPages(http, 'https://scm.example.com', config, { limit: '2' })) {
      pages.push(page);
    }

    expect(pages.map((p) => [p.records.length, p.total])).toEqual([
      [2, 3],
      [1, undefined],
    ]);
    expect(requested.map((url) => url.searchParams.get('totalResults'))).toEqual(['true', null]);
  });
});
