import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import type { FastWrite } from '../../../core/ingest/plan-settled-writes.ts';
import type { PreparedRecord } from '../../../core/ingest/prepare-records.ts';
import { writePlain } from '../../../core/ingest/write-plain.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import {
  type CommitResult,
  type ItemKey,
  keyString,
  type WriteOp,
  type WriteOutcome,
} from '../../../core/items/write-ops.ts';

// writePlain on its own (core/ingest/write-plain.ts), with hand-made plain writes against the in-memory store:
// which single writes it sends in which order, what each outcome does to the record, and what it takes back.

/** Records every `writeEach` batch (by sort key and op) and every transaction. */
class RecordingBackend extends MemoryBackend {
  batches: string[][] = [];
  commits: WriteOp[][] = [];
  override async writeEach(ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
    this.batches.push(ops.map((op) => `${op.op} ${op.op === 'put' ? op.item.sk : op.key.sk}`));
    return super.writeEach(ops);
  }
  override async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    this.commits.push([...ops]);
    return super.commit(ops);
  }
  put(item: Item) {
    this.items.set(keyString(item), structuredClone(item));
  }
  at(pk: string, sk: string) {
    return this.items.get(keyString({ pk, sk }));
  }
}

const WRITER = 'me';

interface PlainSpec {
  readonly recordKey: string;
  readonly customerId?: string;
  readonly versionOrd?: string;
  readonly rev?: number;
  /** Line numbers of the order lines after the first (each one item). */
  readonly lines?: readonly string[];
  readonly drops?: readonly string[];
  /** The locator's condition: the locator the plan read. */
  readonly locatorCondition?: WriteOp['condition'];
  /** What the plan read where it puts the record: the stored version and its line numbers (none by default). */
  readonly replaces?: { readonly versionOrd: string; readonly lines: readonly string[] };
}

/** A fast write with its plain form, as planSettledWrites builds it for a known customer's order. */
const plainWrite = (spec: PlainSpec): FastWrite => {
  const customerId = spec.customerId ?? 'c1';
  const versionOrd = spec.versionOrd ?? 'v2';
  const pk = keys.customer(customerId);
  const main: Item = {
    pk,
    sk: keys.record(spec.recordKey),
    kind: 'record',
    recordKey: spec.recordKey,
    versionOrd,
  };
  const lines: Item[] = (spec.lines ?? []).map((n) => ({
    pk,
    sk: keys.orderLine(spec.recordKey, n),
    kind: 'orderLine',
    recordKey: spec.recordKey,
    versionOrd,
  }));
  const locator: WriteOp = {
    op: 'put',
    item: {
      pk: keys.locator(spec.recordKey),
      sk: keys.locatorSort,
      customerId,
      partition: pk,
      versionOrd,
      auxKeys: lines.map((l) => l.sk),
    },
    condition: spec.locatorCondition ?? { kind: 'absent' },
  };
  return {
    prepared: { index: 0, record: { recordKey: spec.recordKey } } as unknown as PreparedRecord,
    customerId,
    ops: [],
    guard: undefined,
    plain: {
      customerId,
      rev: spec.rev ?? 1,
      versionOrd,
      items: [main, ...lines],
      replaces: spec.replaces
        ? {
            versionOrd: spec.replaces.versionOrd,
            lines: spec.replaces.lines.map((n) => keys.orderLine(spec.recordKey, n)),
          }
        : { versionOrd: null, lines: [] },
      drops: (spec.drops ?? []).map((n): ItemKey => ({ pk, sk: keys.orderLine(spec.recordKey, n) })),
      locator,
    },
  };
};

const profile = (customerId: string, rev = 1): Item => ({
  pk: keys.customer(customerId),
  sk: keys.profile,
  status: 'active',
  rev,
  writes: 0,
});

const keysOf = (writes: readonly FastWrite[]) => writes.map((w) => w.prepared.record.recordKey);

describe('writePlain', () => {
  it('sends the lines, then the record items, then the drops, then one guard per customer, then the locators', async () => {
    // prepare: two orders of customer c1 (one with a dropped line) and one of c2
    const backend = new RecordingBackend();
    backend.put(profile('c1'));
    backend.put(profile('c2'));
    backend.put({ pk: keys.customer('c1'), sk: keys.orderLine('a', '30'), versionOrd: 'v1' });
    const writes = [
      plainWrite({ recordKey: 'a', lines: ['20'], drops: ['30'] }),
      plainWrite({ recordKey: 'b', lines: ['20', '30'] }),
      plainWrite({ recordKey: 'c', customerId: 'c2' }),
    ];

    // act
    const result = await writePlain(writes, backend, WRITER);

    // assert
    expect(keysOf(result.written)).toEqual(['a', 'b', 'c']);
    expect(result.replan).toEqual([]);
    expect(result.atomic).toEqual([]);
    expect(backend.batches).toEqual([
      ['put LINE#a#20', 'put LINE#b#20', 'put LINE#b#30'],
      ['put REC#a', 'put REC#b', 'put REC#c'],
      [],
      ['delete LINE#a#30'],
      ['patch PROFILE', 'patch PROFILE'],
      ['put LOCATOR', 'put LOCATOR', 'put LOCATOR'],
    ]);
    expect(backend.commits).toEqual([]);
    expect(backend.at(keys.customer('c1'), keys.profile)?.writes).toBe(1);
    expect(backend.at(keys.customer('c2'), keys.profile)?.writes).toBe(1);
    expect(backend.at(keys.customer('c1'), keys.orderLine('a', '30'))).toBeUndefined();
  });

  it("tags every copy with the writer and writes it only where no newer version or other writer's copy is", async () => {
    // prepare
    const backend = new RecordingBackend();
    backend.put(profile('c1'));
    const write = plainWrite({ recordKey: 'a', lines: ['20'] });

    // act
    await writePlain([write], backend, WRITER);

    // assert
    const pk = keys.customer('c1');
    expect(backend.at(pk, keys.record('a'))).toMatchObject({ writer: WRITER, versionOrd: 'v2' });
    expect(backend.at(pk, keys.orderLine('a', '20'))).toMatchObject({ writer: WRITER, versionOrd: 'v2' });
    expect(backend.at(keys.locator('a'), keys.locatorSort)).toMatchObject({
      partition: pk,
      versionOrd: 'v2',
    });
  });

  it('writes a copy again over its own earlier copy of the same version', async () => {
    // prepare: this writer's copies of an earlier attempt, without a locator
    const backend = new RecordingBackend();
    backend.put(profile('c1'));
    const pk = keys.customer('c1');
    backend.put({ pk, sk: keys.record('a'), versionOrd: 'v2', writer: WRITER, stale: true });
    backend.put({ pk, sk: keys.orderLine('a', '20'), versionOrd: 'v2', writer: WRITER, stale: true });

    // act
    const result = await writePlain([plainWrite({ recordKey: 'a', lines: ['20'] })], backend, WRITER);

    // assert
    expect(keysOf(result.written)).toEqual(['a']);
    expect(backend.at(pk, keys.record('a'))?.stale).toBeUndefined();
    expect(backend.at(pk, keys.orderLine('a', '20'))?.stale).toBeUndefined();
  });

  it('sends a record to the atomic path when another writer holds one of its lines, and takes back only its own lines', async () => {
    // prepare: another writer's copy of line 20 (same version); line 30 is free; a second record goes through
    const backend = new RecordingBackend();
    backend.put(profile('c1'));
    const pk = keys.customer('c1');
    backend.put({ pk, sk: keys.orderLine('a', '20'), versionOrd: 'v2', writer: 'other' });
    const writes = [
      plainWrite({ recordKey: 'a', lines: ['20', '30'] }),
      plainWrite({ recordKey: 'b', lines: ['20'] }),
    ];

    // act
    const result = await writePlain(writes, backend, WRITER);

    // assert: a goes atomically, nothing of it stays (its own line 30 deleted, the other writer's line kept)
    expect(keysOf(result.atomic)).toEqual(['a']);
    expect(keysOf(result.written)).toEqual(['b']);
    expect(result.replan).toEqual([]);
    expect(backend.at(pk, keys.record('a'))).toBeUndefined();
    expect(backend.at(pk, keys.orderLine('a', '30'))).toBeUndefined();
    expect(backend.at(pk, keys.orderLine('a', '20'))?.writer).toBe('other');
    expect(backend.at(keys.locator('a'), keys.locatorSort)).toBeUndefined();
    expect(backend.at(pk, keys.record('b'))?.writer).toBe(WRITER);
  });

  it('sends a record to the atomic path when its record item holds a newer version, taking its line copies back', async () => {
    // prepare: record b is stored at a newer version; record a (before it in the page) goes through
    const backend = new RecordingBackend();
    backend.put(profile('c1'));
    const pk = keys.customer('c1');
    backend.put({ pk, sk: keys.record('b'), versionOrd: 'v9', writer: 'other' });
    const writes = [
      plainWrite({ recordKey: 'a', lines: ['20'] }),
      plainWrite({ recordKey: 'b', lines: ['20', '30'] }),
    ];

    // act
    const result = await writePlain(writes, backend, WRITER);

    // assert
    expect(keysOf(result.written)).toEqual(['a']);
    expect(keysOf(result.atomic)).toEqual(['b']);
    expect(backend.at(pk, keys.record('b'))?.versionOrd).toBe('v9');
    expect(backend.at(pk, keys.orderLine('b', '20'))).toBeUndefined();
    expect(backend.at(pk, keys.orderLine('b', '30'))).toBeUndefined();
    expect(backend.at(pk, keys.orderLine('a', '20'))?.writer).toBe(WRITER);
    expect(backend.at(keys.locator('b'), keys.locatorSort)).toBeUndefined();
  });

  it("does not take back a line that another writer's newer version replaced meanwhile", async () => {
    // prepare: this writer's line lands, then (before the record item) another writer puts version v3 of it
    const backend = new RecordingBackend();
    backend.put(profile('c1'));
    const pk = keys.customer('c1');
    backend.put({ pk, sk: keys.record('a'), versionOrd: 'v3', writer: 'other' });
    const original = backend.writeEach.bind(backend);
    let first = true;
    backend.writeEach = async (ops) => {
      const outcomes = await original(ops);
      if (first) {
        first = false;
        backend.put({ pk, sk: keys.orderLine('a', '20'), versionOrd: 'v3', writer: 'other' });
      }
      return outcomes;
    };

    // act
    const result = await writePlain([plainWrite({ recordKey: 'a', lines: ['20'] })], backend, WRITER);

    // assert
    expect(keysOf(result.atomic)).toEqual(['a']);
    expect(backend.at(pk, keys.orderLine('a', '20'))).toMatchObject({ versionOrd: 'v3', writer: 'other' });
  });

  it('a record that goes atomically keeps the record item it copied in an earlier round: only its line copies go', async () => {
    // prepare: this writer's copy of the record item stayed from an earlier round (the locator placed the
    // record in that partition); since then a newer version's line copy blocks line 20
    const backend = new RecordingBackend();
    backend.put(profile('c1'));
    const pk = keys.customer('c1');
    backend.put({ pk, sk: keys.record('a'), versionOrd: 'v2', writer: WRITER });
    backend.put({ pk, sk: keys.orderLine('a', '20'), versionOrd: 'v3', writer: 'other' });

    // act
    const result = await writePlain([plainWrite({ recordKey: 'a', lines: ['20', '30'] })], backend, WRITER);

    // assert: the record item stays for the atomic commit to replace; this writer's line 30 copy went
    expect(keysOf(result.atomic)).toEqual(['a']);
    expect(backend.at(pk, keys.record('a'))).toMatchObject({ versionOrd: 'v2', writer: WRITER });
    expect(backend.at(pk, keys.orderLine('a', '30'))).toBeUndefined();
    expect(backend.at(pk, keys.orderLine('a', '20'))?.writer).toBe('other');
  });

  it('keeps a dropped line that holds a newer version than this one', async () => {
    // prepare
    const backend = new RecordingBackend();
    backend.put(profile('c1'));
    const pk = keys.customer('c1');
    backend.put({ pk, sk: keys.orderLine('a', '30'), versionOrd: 'v5' });
    backend.put({ pk, sk: keys.orderLine('a', '40'), versionOrd: 'v1' });

    // act
    await writePlain([plainWrite({ recordKey: 'a', drops: ['30', '40'] })], backend, WRITER);

    // assert
    expect(backend.at(pk, keys.orderLine('a', '30'))?.versionOrd).toBe('v5');
    expect(backend.at(pk, keys.orderLine('a', '40'))).toBeUndefined();
  });

  it("a lost guard sends only that customer's records to be planned again, takes their copies back and writes no locator of theirs", async () => {
    // prepare: c1's profile moved on to revision 2 since the plan read revision 1; c2 is as read
    const backend = new RecordingBackend();
    backend.put(profile('c1', 2));
    backend.put(profile('c2'));
    const writes = [
      plainWrite({ recordKey: 'a', lines: ['20'] }),
      plainWrite({ recordKey: 'b', customerId: 'c2' }),
    ];

    // act
    const result = await writePlain(writes, backend, WRITER);

    // assert
    const pk = keys.customer('c1');
    expect(keysOf(result.replan)).toEqual(['a']);
    expect(keysOf(result.written)).toEqual(['b']);
    expect(result.atomic).toEqual([]);
    expect(backend.at(keys.locator('a'), keys.locatorSort)).toBeUndefined();
    expect(backend.at(keys.locator('b'), keys.locatorSort)).toBeDefined();
    expect(backend.at(pk, keys.record('a'))).toBeUndefined();
    expect(backend.at(pk, keys.orderLine('a', '20'))).toBeUndefined();
    expect(backend.at(pk, keys.profile)?.writes).toBe(0);
  });

  it('a guard conditions on the revision the plan read and on the customer being active', async () => {
    // prepare: c1 at the read revision but no longer active
    const backend = new RecordingBackend();
    backend.put({ ...profile('c1'), status: 'merged' });

    // act
    const result = await writePlain([plainWrite({ recordKey: 'a' })], backend, WRITER);

    // assert
    expect(keysOf(result.replan)).toEqual(['a']);
    expect(backend.at(keys.customer('c1'), keys.record('a'))).toBeUndefined();
  });

  it('a lost locator takes the copies back: the record item with a check that the locator does not place it there, then the lines', async () => {
    // prepare: the locator changed since the plan read it (it names another partition now)
    const backend = new RecordingBackend();
    backend.put(profile('c1'));
    const pk = keys.customer('c1');
    backend.put({
      pk: keys.locator('a'),
      sk: keys.locatorSort,
      partition: keys.customer('c9'),
      versionOrd: 'v1',
    });

    // act
    const result = await writePlain(
      [plainWrite({ recordKey: 'a', lines: ['20', '30'], locatorCondition: { kind: 'absent' } })],
      backend,
      WRITER,
    );

    // assert
    expect(keysOf(result.replan)).toEqual(['a']);
    expect(result.written).toEqual([]);
    expect(backend.at(pk, keys.record('a'))).toBeUndefined();
    expect(backend.at(pk, keys.orderLine('a', '20'))).toBeUndefined();
    expect(backend.at(pk, keys.orderLine('a', '30'))).toBeUndefined();
    expect(backend.commits).toEqual([
      [
        {
          op: 'delete',
          key: { pk, sk: keys.record('a') },
          condition: { kind: 'absentOrMatches', attributes: { versionOrd: 'v2', writer: WRITER } },
        },
        {
          op: 'check',
          key: { pk: keys.locator('a'), sk: keys.locatorSort },
          condition: { kind: 'notLocatedIn', partition: pk },
        },
      ],
    ]);
    expect(backend.batches.at(-1)).toEqual(['delete LINE#a#20', 'delete LINE#a#30']);
  });

  it('keeps the copies when the lost locator places the record in their partition: they are the record then', async () => {
    // prepare: a restructuring took this writer's copy as the record meanwhile (the locator names c1)
    const backend = new RecordingBackend();
    backend.put(profile('c1'));
    const pk = keys.customer('c1');
    backend.put({ pk: keys.locator('a'), sk: keys.locatorSort, partition: pk, versionOrd: 'v2' });

    // act
    const result = await writePlain(
      [plainWrite({ recordKey: 'a', lines: ['20'], locatorCondition: { kind: 'absent' } })],
      backend,
      WRITER,
    );

    // assert
    expect(keysOf(result.replan)).toEqual(['a']);
    expect(backend.at(pk, keys.record('a'))?.writer).toBe(WRITER);
    expect(backend.at(pk, keys.orderLine('a', '20'))?.writer).toBe(WRITER);
  });

  it('takes back the lines of a lost commit whose record item is already gone, but not a line another writer holds', async () => {
    // prepare: after the copies, before the locator, a restructuring moves the record item away and another
    // writer's copy of line 30 replaces this writer's
    const backend = new RecordingBackend();
    backend.put(profile('c1'));
    const pk = keys.customer('c1');
    const original = backend.writeEach.bind(backend);
    backend.writeEach = async (ops) => {
      if (ops.some((op) => op.op === 'patch')) {
        backend.items.delete(keyString({ pk, sk: keys.record('a') }));
        backend.put({ pk, sk: keys.orderLine('a', '30'), versionOrd: 'v2', writer: 'other' });
        backend.put({ pk: keys.locator('a'), sk: keys.locatorSort, partition: keys.customer('c9') });
      }
      return original(ops);
    };

    // act
    const result = await writePlain(
      [plainWrite({ recordKey: 'a', lines: ['20', '30'], locatorCondition: { kind: 'absent' } })],
      backend,
      WRITER,
    );

    // assert
    expect(keysOf(result.replan)).toEqual(['a']);
    expect(backend.at(pk, keys.orderLine('a', '20'))).toBeUndefined();
    expect(backend.at(pk, keys.orderLine('a', '30'))?.writer).toBe('other');
  });

  it('leaves a record item that another writer replaced after its copy landed', async () => {
    // prepare: between the copies and the locator another writer put its own copy of the record item
    const backend = new RecordingBackend();
    backend.put(profile('c1'));
    const pk = keys.customer('c1');
    const original = backend.writeEach.bind(backend);
    backend.writeEach = async (ops) => {
      if (ops.some((op) => op.op === 'patch')) {
        backend.put({ pk, sk: keys.record('a'), versionOrd: 'v3', writer: 'other' });
        backend.put({ pk: keys.locator('a'), sk: keys.locatorSort, partition: keys.customer('c9') });
      }
      return original(ops);
    };

    // act
    const result = await writePlain(
      [plainWrite({ recordKey: 'a', lines: ['20'], locatorCondition: { kind: 'absent' } })],
      backend,
      WRITER,
    );

    // assert: the record item is the other writer's; this writer's line stays with it (it goes only with the item)
    expect(keysOf(result.replan)).toEqual(['a']);
    expect(backend.at(pk, keys.record('a'))).toMatchObject({ versionOrd: 'v3', writer: 'other' });
    expect(backend.at(pk, keys.orderLine('a', '20'))?.writer).toBe(WRITER);
  });

  it('leaves writes without a plain form alone', async () => {
    // prepare
    const backend = new RecordingBackend();
    backend.put(profile('c1'));
    const { plain: _plain, ...atomicOnly } = plainWrite({ recordKey: 'a' });

    // act
    const result = await writePlain([atomicOnly], backend, WRITER);

    // assert
    expect(result).toEqual({ written: [], replan: [], atomic: [] });
    expect(backend.at(keys.customer('c1'), keys.record('a'))).toBeUndefined();
  });
});
