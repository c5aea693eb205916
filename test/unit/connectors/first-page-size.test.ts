import { describe, expect, it } from 'vitest';
import type { SourceHttpClient } from '../../../connectors/http/http-client.ts';
import type { RawPage, SourceStream, StreamReadOptions } from '../../../connectors/kit/source-stream.ts';
import { INITIAL_LOAD_FIRST_PAGE_SIZE, syncStream } from '../../../connectors/kit/sync-stream.ts';
import { unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import { createODataDeltaStream } from '../../../connectors/protocols/odata/odata-delta-stream.ts';
import { createODataStream } from '../../../connectors/protocols/odata/odata-stream.ts';
import { ODataStreamConfigSchema } from '../../../connectors/protocols/odata/odata-stream-config.ts';
import { identityTranslator, ModelConnectorState, ModelSink } from './sync-stream-model.ts';

const clock = { now: () => Date.parse('2026-03-01T10:00:00Z'), sleep: async () => undefined };
const root = 'https://bc.example.com/api/v2.0';

/** A v4 service with two pages; records which page size each request asked for. */
const twoPageService = (last: { '@odata.deltaLink': string } | Record<string, never>) => {
  const asked: string[] = [];
  const http = {
    getJson: async (url: string, headers: Record<string, string>) => {
      asked.push(/odata\.maxpagesize=(\d+)/.exec(headers.prefer ?? '')?.[1] ?? '-');
      const first = !url.includes('skiptoken');
      const record = (id: string) => ({ id, lastModifiedDateTime: '2026-03-01T09:00:00Z' });
      return {
        json: first
          ? { value: [record('a')], '@odata.nextLink': `${root}/customers?$skiptoken=a` }
          : { value: [record('b')], ...last },
      };
    },
  } as unknown as SourceHttpClient;
  return { http, asked };
};

const drain = async <S>(stream: SourceStream<S>, state: S | undefined, options: StreamReadOptions) => {
  const pages: RawPage<S>[] = [];
  for await (const page of stream.read(state, options)) pages.push(page);
  return pages;
};

const config = (changeTracking: 'delta' | 'filter') =>
  ODataStreamConfigSchema.parse({
    name: 'customers',
    version: 'v4',
    entitySet: '/customers',
    keyFields: ['id'],
    cursorField: 'lastModifiedDateTime',
    changeTracking,
  });

describe('a small first page for initial loads', () => {
  it('asks a change-tracked OData v4 read for firstPageSize records in its first request only', async () => {
    const { http, asked } = twoPageService({ '@odata.deltaLink': `${root}/customers?$deltatoken=9` });

    const pages = await drain(
      createODataDeltaStream(config('delta'), { http, serviceRoot: root, clock }),
      undefined,
      {
        full: false,
        firstPageSize: 25,
      },
    );

    expect(asked).toEqual(['25', '500']);
    expect(pages.flatMap((p) => p.records)).toHaveLength(2);
  });

  it('asks a filtered OData v4 read for firstPageSize records in its first request only', async () => {
    const { http, asked } = twoPageService({});

    await drain(createODataStream(config('filter'), { http, serviceRoot: root, clock }), undefined, {
      full: false,
      firstPageSize: 25,
    });

    expect(asked).toEqual(['25', '500']);
  });

  it('keeps the configured page size when no first page size is asked for', async () => {
    const { http, asked } = twoPageService({ '@odata.deltaLink': `${root}/customers?$deltatoken=9` });

    await drain(createODataDeltaStream(config('delta'), { http, serviceRoot: root, clock }), undefined, {
      full: false,
    });

    expect(asked).toEqual(['500', '500']);
  });

  it('syncStream asks for the small first page on an initial load only, not when resuming from a checkpoint', async () => {
    const seen: Array<number | undefined> = [];
    const stream: SourceStream<{ at: number }> = {
      name: 'rows',
      primaryKey: ['key'],
      cursorField: 'at',
      stateSchema: { safeParse: (v: unknown) => ({ success: true, data: v }) } as never,
      watermarkOf: () => undefined,
      async *read(_state, options) {
        seen.push(options.firstPageSize);
        yield { records: [{ key: 'k1', value: 'v' }], state: { at: 1 } };
      },
    };
    const state = new ModelConnectorState();
    const run = () =>
      syncStream({
        connector: 'model',
        stream,
        translate: identityTranslator,
        sink: new ModelSink(),
        state,
        clock,
        full: false,
        timeBudget: unlimitedTimeBudget,
        reserveMs: 0,
        counters: () => ({ requests: 0, retries: 0 }),
      });

    await run();
    await run();

    expect(seen).toEqual([INITIAL_LOAD_FIRST_PAGE_SIZE, undefined]);
  });
});
