import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { type IngestDeps, ingestPage } from '../../../core/ingest/ingest-page.ts';
import { keys } from '../../../core/items/keys.ts';
import { buildRecordItems } from '../../../core/items/record-items.ts';
import { type CommitResult, keyString, type WriteOp } from '../../../core/items/write-ops.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';
import { storedRecord } from '../items/stored-items.ts';

// ingestPage around the plain writes (core/ingest/ingest-page.ts): the writer id that tags a call's copies, a
// record that met another writer's copy going in atomically in the next round, what a record whose commit point
// was lost is reported as, and the order records are planned again in.

class CountingBackend extends MemoryBackend {
  commits = 0;
  override async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    this.commits += 1;
    return super.commit(ops);
  }
}

const depsFor = (backend: MemoryBackend, overrides: Partial<IngestDeps> = {}): IngestDeps =>
  memoryIngestDeps(backend, { maxAttempts: 5, plainWrites: true, ...overrides });

const ORDER_KEY = 'order#sap-s4#sales-orders#o1';
const order = (version: string) =>
  exampleOrder({ key: 'o1', version }, [erp('1')], {
    lines: [
      { partNumber: 'P-1', quantity: 1 },
      { partNumber: 'P-2', quantity: 2 },
    ],
  });

const withCustomer = async () => {
  const backend = new CountingBackend();
  await ingestPage([exampleCustomer({ key: '1', version: '1' }, [erp('1')])], depsFor(backend));
  backend.commits = 0;
  return backend;
};

describe('ingestPage: plain writes', () => {
  it("writes a known customer's order in one transaction, with no plain copy, when plain writes are turned off", async () => {
    // prepare
    const backend = await withCustomer();

    // act
    await ingestPage([order('1')], memoryIngestDeps(backend, { plainWrites: false }));

    // assert
    const stored = [...backend.items.values()].find((i) => i.recordKey === ORDER_KEY && i.kind === 'record');
    expect(backend.commits).toBe(1);
    expect(stored).toBeDefined();
    expect(stored?.writer).toBeUndefined();
  });

  it("writes a known customer's order with plain writes by default, without a transaction", async () => {
    // prepare
    const backend = await withCustomer();

    // act: the default deps (plainWrites unset)
    await ingestPage([order('1')], memoryIngestDeps(backend));

    // assert
    const stored = [...backend.items.values()].find((i) => i.recordKey === ORDER_KEY && i.kind === 'record');
    expect(backend.commits).toBe(0);
    expect(stored?.writer).toEqual(expect.any(String));
  });

  it('tags each call’s copies with a writer id of its own when the deps name none', async () => {
    // prepare
    const backend = await withCustomer();
    const recordItem = () =>
      [...backend.items.values()].find((i) => i.recordKey === ORDER_KEY && i.kind === 'record');

    // act: two calls, neither with newWriterId
    await ingestPage([order('1')], depsFor(backend));
    const firstWriter = recordItem()?.writer;
    await ingestPage([order('2')], depsFor(backend));
    const secondWriter = recordItem()?.writer;

    // assert: both wrote plainly (no transaction), each with its own non-empty writer id
    expect(backend.commits).toBe(0);
    expect(typeof firstWriter).toBe('string');
    expect(typeof secondWriter).toBe('string');
    expect(String(firstWriter).length).toBeGreaterThan(0);
    expect(secondWriter).not.toBe(firstWriter);
  });

  it("a record that meets another writer's copy of its version goes in with one transaction in the next round", async () => {
    // prepare: a dead writer's copy of the order (same version, no locator) sits in the customer's partition
    const backend = await withCustomer();
    const customerId = String(
      backend.items.get(keyString({ pk: keys.identifier('erp:sap-s4:1'), sk: keys.owner }))?.customerId,
    );
    const template = buildRecordItems(storedRecord(order('1')), customerId, 'ingest');
    backend.items.set(keyString(template.main), { ...template.main, writer: 'dead' });
    const pauses: number[] = [];

    // act
    const result = await ingestPage(
      [order('1')],
      depsFor(backend, { newWriterId: () => 'me', pause: async (round) => void pauses.push(round) }),
    );

    // assert: round 1 met the copy, round 2 committed atomically, no third round and no identity path
    expect(result.counts.written).toBe(1);
    expect(pauses).toEqual([1]);
    expect(backend.commits).toBe(1);
    const locator = backend.items.get(keyString({ pk: keys.locator(ORDER_KEY), sk: keys.locatorSort }));
    expect(locator?.partition).toBe(keys.customer(customerId));
  });

  it('reports a record whose commit point another writer took with a newer version as stale, not written', async () => {
    // prepare: right before this call's locator write, another process commits version 3 of the order
    const backend = await withCustomer();
    let hook: (() => Promise<unknown>) | undefined = () =>
      ingestPage([order('3')], depsFor(backend, { newWriterId: () => 'other' }));
    const writeEach = backend.writeEach.bind(backend);
    backend.writeEach = async (ops) => {
      const run = hook;
      if (run && ops.some((op) => op.op === 'patch' && op.key.sk === keys.locatorSort)) {
        hook = undefined;
        await run();
      }
      return writeEach(ops);
    };

    // act
    const result = await ingestPage([order('2')], depsFor(backend, { newWriterId: () => 'me' }));

    // assert: this call's copies went in, yet the record it reports is the other process's newer version
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['stale']);
    const locator = backend.items.get(keyString({ pk: keys.locator(ORDER_KEY), sk: keys.locatorSort }));
    expect(locator?.versionOrd).toBe(
      [...backend.items.values()].find((i) => i.recordKey === ORDER_KEY && i.kind === 'record')?.versionOrd,
    );
  });

  it('plans records again in page order when their lost commits ended out of order', async () => {
    // prepare: two new customers' big orders take a commit each; the first commit ends (lost) after the second
    const backend = new (class extends MemoryBackend {
      commits = 0;
      private release: (() => void) | undefined;
      override async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
        this.commits += 1;
        if (this.commits === 1) {
          await new Promise<void>((resolve) => {
            this.release = resolve;
          });
          return { ok: false, failedOps: [0] };
        }
        if (this.commits === 2) {
          setImmediate(() => this.release?.());
          return { ok: false, failedOps: [0] };
        }
        return super.commit(ops);
      }
    })();
    const bigOrder = (key: string, mail: string) =>
      exampleOrder({ key, version: '1' }, [email(mail)], {
        lines: Array.from({ length: 60 }, (_, i) => ({ partNumber: `P-${i}`, quantity: 1 })),
      });

    // act
    const result = await ingestPage([bigOrder('a', 'a@x.de'), bigOrder('b', 'b@x.de')], depsFor(backend));

    // assert: round 1 drew c1 and c2; round 2 planned a before b again, so a drew c3
    expect(backend.commits).toBe(4);
    expect(result.outcomes.map((o) => [o.outcome, 'customerId' in o ? o.customerId : undefined])).toEqual([
      ['written', 'c3'],
      ['written', 'c4'],
    ]);
  });
});
