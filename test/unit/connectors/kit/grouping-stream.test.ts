import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createGroupingStream, groupRows } from '../../../../connectors/kit/grouping-stream.ts';
import type { RawPage, SourceStream } from '../../../../connectors/kit/source-stream.ts';

const line = (order: string | number | undefined, item: string, extra: Record<string, unknown> = {}) => ({
  ...(order === undefined ? {} : { SalesOrder: order }),
  Item: item,
  ...extra,
});

describe('groupRows', () => {
  it('makes one parent per group value from its newest row, with every row of the group under `into` in order', () => {
    const rows = [
      line('SO-1', '10', { Status: 'open' }),
      line('SO-2', '10'),
      line('SO-1', '20', { Status: 'confirmed' }),
    ];

    expect(groupRows(rows, { by: 'SalesOrder', into: 'lines' })).toEqual([
      { SalesOrder: 'SO-1', Item: '20', Status: 'confirmed', lines: [rows[0], rows[2]] },
      { SalesOrder: 'SO-2', Item: '10', lines: [rows[1]] },
    ]);
  });

  it('groups numeric group values like their text and passes rows without a group value through unchanged', () => {
    const noGroup = line(undefined, '10');
    const objectGroup = { SalesOrder: { nested: 1 }, Item: '30' };

    const out = groupRows([line(7, '10'), noGroup, objectGroup, line('7', '20')], {
      by: 'SalesOrder',
      into: 'lines',
    });

    expect(out).toEqual([
      noGroup,
      objectGroup,
      { SalesOrder: '7', Item: '20', lines: [line(7, '10'), line('7', '20')] },
    ]);
  });

  it('reads the group value from a nested path', () => {
    const rows = [
      { head: { id: 'A' }, n: 1 },
      { head: { id: 'A' }, n: 2 },
    ];

    expect(groupRows(rows, { by: 'head.id', into: 'rows' })).toEqual([{ head: { id: 'A' }, n: 2, rows }]);
  });
});

/** Pages of flat order lines, checkpointed by page number. */
const lineStream = (pages: readonly (readonly unknown[])[]): SourceStream<{ page: number }> => ({
  name: 'order-lines',
  primaryKey: ['SalesOrder', 'Item'],
  cursorField: 'ChangedAt',
  stateSchema: z.object({ page: z.number() }),
  watermarkOf: (state) => state.page * 1000,
  listKeys: async function* () {
    yield ['SO-1/10'];
  },
  async *read(): AsyncIterable<RawPage<{ page: number }>> {
    for (const [i, records] of pages.entries()) yield { records, state: { page: i + 1 }, total: 9 };
  },
});

const readAll = async <S>(stream: SourceStream<S>) => {
  const pages: RawPage<S>[] = [];
  for await (const page of stream.read(undefined, { full: false })) pages.push(page);
  return pages;
};

describe('createGroupingStream', () => {
  it('rebuilds each changed parent from all its rows, keeping the inner page’s checkpoint, and passes ungrouped rows on', async () => {
    const stored = [line('SO-1', '10', { Qty: 1 }), line('SO-1', '20', { Qty: 2 })];
    const asked: string[][] = [];
    const orphan = line(undefined, '99');
    const stream = createGroupingStream(
      lineStream([[line('SO-1', '20', { Qty: 2 }), orphan, line('SO-1', '20', { Qty: 2 })]]),
      {
        by: 'SalesOrder',
        into: 'lines',
        rowsOf: async function* (groups) {
          asked.push([...groups]);
          yield stored;
        },
      },
    );

    const pages = await readAll(stream);

    expect(asked).toEqual([['SO-1']]);
    expect(pages).toEqual([
      {
        records: [orphan, { SalesOrder: 'SO-1', Item: '20', Qty: 2, lines: stored }],
        state: { page: 1 },
        total: 9,
      },
    ]);
  });

  it('without rowsOf builds parents from the page’s own rows', async () => {
    const stream = createGroupingStream(lineStream([[line('SO-1', '10')], [line('SO-2', '10')]]), {
      by: 'SalesOrder',
      into: 'lines',
    });

    const pages = await readAll(stream);

    expect(pages.map((p) => [p.state, p.records])).toEqual([
      [{ page: 1 }, [{ SalesOrder: 'SO-1', Item: '10', lines: [line('SO-1', '10')] }]],
      [{ page: 2 }, [{ SalesOrder: 'SO-2', Item: '10', lines: [line('SO-2', '10')] }]],
    ]);
  });

  it('does not ask for complete groups when a page has no grouped row', async () => {
    let asked = 0;
    const stream = createGroupingStream(lineStream([[line(undefined, '1')]]), {
      by: 'SalesOrder',
      into: 'lines',
      rowsOf: async function* () {
        asked += 1;
        yield [];
      },
    });

    expect((await readAll(stream))[0]?.records).toEqual([line(undefined, '1')]);
    expect(asked).toBe(0);
  });

  it('keeps the inner stream’s name, cursor and watermark, keys parents by the group field and lists no keys', () => {
    const inner = lineStream([]);
    const stream = createGroupingStream(inner, { by: 'SalesOrder', into: 'lines' });

    expect(stream.name).toBe('order-lines');
    expect(stream.cursorField).toBe('ChangedAt');
    expect(stream.stateSchema).toBe(inner.stateSchema);
    expect(stream.watermarkOf({ page: 3 })).toBe(3000);
    expect(stream.primaryKey).toEqual(['SalesOrder']);
    expect(stream.listKeys).toBeUndefined();
  });
});
