import { describe, expect, it } from 'vitest';
import { packCommits } from '../../../core/ingest/pack-commits.ts';
import { type FastWrite, settledWriteGuard } from '../../../core/ingest/plan-settled-writes.ts';
import type { PreparedRecord } from '../../../core/ingest/prepare-records.ts';
import { keys } from '../../../core/items/keys.ts';
import type { WriteOp } from '../../../core/items/write-ops.ts';

// packCommits only reads a write's customer, ops and guard; the prepared record rides along untouched.
const prepared = (index: number) => ({ index }) as unknown as PreparedRecord;

/** `count` puts into the customer's (or, without one, a product's) partition, named `<tag>-<n>`. */
const puts = (owner: string, tag: string, count: number, kind = 'record'): WriteOp[] =>
  Array.from({ length: count }, (_, n) => ({
    op: 'put' as const,
    item: { pk: keys.customer(owner), sk: `${tag}-${n}`, kind },
  }));

const creation = (customerId: string): WriteOp => ({
  op: 'put',
  item: { pk: keys.customer(customerId), sk: keys.profile, kind: 'profile', customerId, status: 'active' },
  condition: { kind: 'absent' },
});

const write = (
  index: number,
  customerId: string | undefined,
  ops: WriteOp[],
  guard: WriteOp | undefined,
): FastWrite => ({ prepared: prepared(index), customerId, ops, guard });

const indexesOf = (commit: { writes: FastWrite[] }) => commit.writes.map((w) => w.prepared.index);

describe('packCommits', () => {
  it('plans no commit for no writes', () => {
    // act
    const waves = packCommits([]);

    // assert
    expect(waves).toEqual([]);
  });

  it('puts one new customer’s records into one commit, its creation first and only once', () => {
    // prepare: the first record creates the customer, the second only checks it (as the planner gives them)
    const first = write(0, 'c1', puts('c1', 'a', 3), creation('c1'));
    const second = write(1, 'c1', puts('c1', 'b', 2), settledWriteGuard('c1'));

    // act
    const waves = packCommits([first, second]);

    // assert
    expect(waves).toEqual([
      [{ ops: [creation('c1'), ...first.ops, ...second.ops], writes: [first, second] }],
    ]);
  });

  it('leaves out a write’s own op on its customer’s profile item, which the commit’s guard already is', () => {
    // prepare
    const guard = settledWriteGuard('c1', 4);
    const ownProfileOp: WriteOp = {
      op: 'patch',
      key: { pk: keys.customer('c1'), sk: keys.profile },
      set: {},
    };
    const records = puts('c1', 'a', 2);

    // act
    const waves = packCommits([
      write(0, 'c1', [records[0] as WriteOp, ownProfileOp, records[1] as WriteOp], guard),
    ]);

    // assert
    expect(waves.flat().map((c) => c.ops)).toEqual([[guard, ...records]]);
  });

  it('fills a commit up to exactly 100 ops with two customers, and opens the next one at 101', () => {
    // prepare: 1 + 60 ops for c1; c2 brings 1 + 38 (fits exactly) or 1 + 39 (one too many)
    const c1 = write(0, 'c1', puts('c1', 'a', 60), settledWriteGuard('c1', 1));
    const fits = write(1, 'c2', puts('c2', 'b', 38), settledWriteGuard('c2', 1));
    const tooMany = write(1, 'c2', puts('c2', 'b', 39), settledWriteGuard('c2', 1));

    // act
    const together = packCommits([c1, fits]);
    const apart = packCommits([c1, tooMany]);

    // assert
    expect(together).toHaveLength(1);
    expect(together[0]?.map((c) => [c.ops.length, indexesOf(c)])).toEqual([[100, [0, 1]]]);
    expect(apart).toHaveLength(1);
    expect(apart[0]?.map((c) => [c.ops.length, indexesOf(c)])).toEqual([
      [61, [0]],
      [40, [1]],
    ]);
    expect(apart[0]?.[1]?.ops[0]).toEqual(settledWriteGuard('c2', 1));
  });

  it('packs writes without a customer side by side, and starts a new commit when the next does not fit', () => {
    // prepare: products have no customer and no guard
    const a = write(0, undefined, puts('P-1', 'p', 30), undefined);
    const b = write(1, undefined, puts('P-2', 'p', 30), undefined);
    const c = write(2, undefined, puts('P-3', 'p', 50), undefined);

    // act
    const waves = packCommits([a, b, c]);

    // assert: all in the first wave (no product waits for another), none with a guard
    expect(waves).toEqual([
      [
        { ops: [...a.ops, ...b.ops], writes: [a, b] },
        { ops: c.ops, writes: [c] },
      ],
    ]);
  });

  it('continues a customer too big for one commit in the next wave, where a created customer is only checked', () => {
    // prepare: three records of 40 ops for a customer the page creates; 1 + 40 + 40 fit, the third does not
    const records = [0, 1, 2, 3].map((n) =>
      write(
        n,
        'c1',
        puts('c1', `r${n}`, n === 3 ? 60 : 40),
        n === 0 ? creation('c1') : settledWriteGuard('c1'),
      ),
    );

    // act
    const waves = packCommits(records);

    // assert
    expect(waves).toHaveLength(3);
    expect(waves[0]).toEqual([
      {
        ops: [creation('c1'), ...(records[0]?.ops ?? []), ...(records[1]?.ops ?? [])],
        writes: records.slice(0, 2),
      },
    ]);
    // the fourth (60 ops) does not fit beside the third (1 + 40) either: it goes a wave later, as a customer gets
    // one commit per wave (a later one may need an earlier one's claim, and waits when that failed)
    expect(waves[1]).toEqual([
      { ops: [settledWriteGuard('c1'), ...(records[2]?.ops ?? [])], writes: [records[2]] },
    ]);
    expect(waves[2]).toEqual([
      { ops: [settledWriteGuard('c1'), ...(records[3]?.ops ?? [])], writes: [records[3]] },
    ]);
  });

  it('keeps an existing customer’s revision check on every commit of a later wave', () => {
    // prepare
    const guard = settledWriteGuard('c7', 9);
    const records = [0, 1, 2].map((n) => write(n, 'c7', puts('c7', `r${n}`, 40), guard));

    // act
    const waves = packCommits(records);

    // assert
    expect(waves.map((wave) => wave.map((c) => [c.ops[0], indexesOf(c)]))).toEqual([
      [[guard, [0, 1]]],
      [[guard, [2]]],
    ]);
  });

  it('writes a huge record’s order lines ahead in commits of 100, then its customer, then the record', () => {
    // prepare: 150 order lines and 2 other ops, for a customer the page creates
    const lines = puts('c1', 'line', 150, 'orderLine');
    const rest = puts('c1', 'order', 2);
    const huge = write(0, 'c1', [rest[0] as WriteOp, ...lines, rest[1] as WriteOp], creation('c1'));

    // act
    const waves = packCommits([huge]);

    // assert
    expect(waves).toEqual([
      [
        { ops: lines.slice(0, 100), writes: [] },
        { ops: lines.slice(100), writes: [] },
        { ops: [creation('c1')], writes: [] },
      ],
      [{ ops: [settledWriteGuard('c1'), ...rest], writes: [huge] }],
    ]);
  });

  it('does not write an existing customer’s guard on its own ahead of a huge record', () => {
    // prepare: 99 other ops and 1 order line make 100 ops, one too many beside the guard
    const guard = settledWriteGuard('c7', 2);
    const lines = puts('c7', 'line', 1, 'orderLine');
    const rest = puts('c7', 'order', 99);
    const huge = write(0, 'c7', [...rest, ...lines], guard);

    // act
    const waves = packCommits([huge]);

    // assert
    expect(waves).toEqual([[{ ops: lines, writes: [] }], [{ ops: [guard, ...rest], writes: [huge] }]]);
  });

  it('commits a record of 99 ops with its guard in one commit of exactly 100', () => {
    // prepare
    const guard = settledWriteGuard('c7', 2);
    const ops = [...puts('c7', 'order', 98), ...puts('c7', 'line', 1, 'orderLine')];

    // act
    const waves = packCommits([write(0, 'c7', ops, guard)]);

    // assert
    expect(waves).toEqual([[{ ops: [guard, ...ops], writes: [expect.anything()] }]]);
  });

  it('creates a customer once when two of its huge records write ahead, each record in its own later commit', () => {
    // prepare
    const hugeRecord = (n: number, guard: WriteOp) =>
      write(n, 'c1', [...puts('c1', `order${n}`, 1), ...puts('c1', `line${n}`, 100, 'orderLine')], guard);
    const first = hugeRecord(0, creation('c1'));
    const second = hugeRecord(1, settledWriteGuard('c1'));

    // act
    const waves = packCommits([first, second]);

    // assert
    expect(waves[0]?.map((c) => c.ops.length)).toEqual([100, 1, 100]);
    expect(waves[0]?.[1]).toEqual({ ops: [creation('c1')], writes: [] });
    expect(waves[1]).toEqual([
      { ops: [settledWriteGuard('c1'), ...first.ops.slice(0, 1)], writes: [first] },
      { ops: [settledWriteGuard('c1'), ...second.ops.slice(0, 1)], writes: [second] },
    ]);
  });

  it('packs writes in page order, a write without a customer between two with one keeping its place', () => {
    // prepare: 60 ops, then a customer's 1 + 39, then 60 more ops without a customer
    const a = write(0, undefined, puts('P-1', 'p', 60), undefined);
    const c1 = write(1, 'c1', puts('c1', 'r', 39), settledWriteGuard('c1', 1));
    const b = write(2, undefined, puts('P-2', 'p', 60), undefined);

    // act
    const waves = packCommits([a, c1, b]);

    // assert
    expect(waves.map((wave) => wave.map(indexesOf))).toEqual([[[0, 1], [2]]]);
  });

  it('commits a write without a customer that is too big to share a commit on its own, with no guard', () => {
    // prepare: 100 ops and a patch among them: no room for a guard, and none needed
    const ops: WriteOp[] = [
      ...puts('P-1', 'p', 99),
      { op: 'patch', key: { pk: 'SRC#p', sk: 'LOCATOR' }, set: {} },
    ];
    const big = write(0, undefined, ops, undefined);

    // act
    const waves = packCommits([big]);

    // assert
    expect(waves).toEqual([[{ ops, writes: [big] }]]);
  });

  it('writes ahead only a huge record’s order-line puts, keeping its deletes and patches with the record', () => {
    // prepare
    const guard = settledWriteGuard('c7', 2);
    const lines = puts('c7', 'line', 100, 'orderLine');
    const others: WriteOp[] = [
      { op: 'delete', key: { pk: keys.customer('c7'), sk: 'LINE#old' } },
      { op: 'patch', key: { pk: 'SRC#order', sk: 'LOCATOR' }, set: {} },
    ];
    const huge = write(0, 'c7', [...lines, ...others], guard);

    // act
    const waves = packCommits([huge]);

    // assert
    expect(waves).toEqual([[{ ops: lines, writes: [] }], [{ ops: [guard, ...others], writes: [huge] }]]);
  });

  it('keeps the commit being filled open for other customers after a huge record went to a later wave', () => {
    // prepare
    const c0 = write(0, 'c0', puts('c0', 'r', 50), settledWriteGuard('c0', 1));
    const huge = write(
      1,
      'c1',
      [...puts('c1', 'o', 1), ...puts('c1', 'line', 100, 'orderLine')],
      settledWriteGuard('c1', 1),
    );
    const c1more = write(2, 'c1', puts('c1', 'more', 60), settledWriteGuard('c1', 1));
    const c2 = write(3, 'c2', puts('c2', 'r', 10), settledWriteGuard('c2', 1));

    // act
    const waves = packCommits([c0, huge, c1more, c2]);

    // assert: the order lines ahead, c0 and c2 together; c1's record and its next one in one later commit
    expect(waves.map((wave) => wave.map((c) => [c.ops.length, indexesOf(c)]))).toEqual([
      [
        [100, []],
        [62, [0, 3]],
      ],
      [[62, [1, 2]]],
    ]);
  });

  it('fills a customer’s commit to exactly 100 ops without counting its guard twice', () => {
    // prepare: 1 + 49, then 50 more of the same customer
    const first = write(0, 'c1', puts('c1', 'a', 49), settledWriteGuard('c1', 1));
    const second = write(1, 'c1', puts('c1', 'b', 50), settledWriteGuard('c1', 1));

    // act
    const waves = packCommits([first, second]);

    // assert
    expect(waves.map((wave) => wave.map((c) => [c.ops.length, indexesOf(c)]))).toEqual([[[100, [0, 1]]]]);
  });

  it('moves a customer already in the commit to a later wave, even beside another customer', () => {
    // prepare: c1 and c2 share a commit; c2's next record does not fit
    const c1 = write(0, 'c1', puts('c1', 'a', 30), settledWriteGuard('c1', 1));
    const c2 = write(1, 'c2', puts('c2', 'a', 30), settledWriteGuard('c2', 1));
    const c2more = write(2, 'c2', puts('c2', 'b', 40), settledWriteGuard('c2', 1));

    // act
    const waves = packCommits([c1, c2, c2more]);

    // assert
    expect(waves.map((wave) => wave.map((c) => [c.ops.length, indexesOf(c)]))).toEqual([
      [[62, [0, 1]]],
      [[41, [2]]],
    ]);
  });

  it('does not create a customer again ahead of its huge record when its first record already did', () => {
    // prepare
    const first = write(0, 'c1', puts('c1', 'a', 5), creation('c1'));
    const huge = write(
      1,
      'c1',
      [...puts('c1', 'o', 1), ...puts('c1', 'line', 100, 'orderLine')],
      settledWriteGuard('c1'),
    );

    // act
    const waves = packCommits([first, huge]);

    // assert: one creation, in the first record's commit
    const creations = waves
      .flat()
      .filter((c) => c.ops.some((op) => op.op === 'put' && op.item.kind === 'profile'));
    expect(creations.map(indexesOf)).toEqual([[0]]);
  });

  it('shares a later-wave commit between a customer’s records up to exactly 100 ops', () => {
    // prepare: 1 + 40 + 40 fill the first commit; then 40 and 59 fit one later commit with the guard, 1 more does not
    const sizes = [40, 40, 40, 59, 1];
    const records = sizes.map((size, n) =>
      write(n, 'c1', puts('c1', `r${n}`, size), n === 0 ? creation('c1') : settledWriteGuard('c1')),
    );

    // act
    const waves = packCommits(records);

    // assert
    expect(waves.map((wave) => wave.map((c) => [c.ops.length, indexesOf(c)]))).toEqual([
      [[81, [0, 1]]],
      [[100, [2, 3]]],
      [[2, [4]]],
    ]);
  });

  it('fills a commit with writes without a customer to exactly 100 ops, counting no guard for them', () => {
    // prepare
    const a = write(0, undefined, puts('P-1', 'p', 60), undefined);
    const b = write(1, undefined, puts('P-2', 'p', 40), undefined);

    // act
    const waves = packCommits([a, b]);

    // assert
    expect(waves.map((wave) => wave.map((c) => [c.ops.length, indexesOf(c)]))).toEqual([[[100, [0, 1]]]]);
  });
});
