import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { versionOrder } from '../../../core/identity/version-order.ts';
import { type IngestDeps, ingestPage } from '../../../core/ingest/ingest-page.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { type CommitResult, keyString, type WriteOp } from '../../../core/items/write-ops.ts';
import {
  email,
  erp,
  exampleCustomer,
  exampleOrder,
  exampleProduct,
} from '../../../schemas/entities/examples.ts';

/** A memory backend whose first `failing` commits fail (a concurrent writer won), counting commits in flight. */
class RacingBackend extends MemoryBackend {
  commits = 0;
  inFlight = 0;
  maxInFlight = 0;
  constructor(private failing = 0) {
    super();
  }
  override async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    this.commits += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    // Let every commit of a batch start before any ends, as network calls would.
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight -= 1;
    if (this.failing > 0) {
      this.failing -= 1;
      return { ok: false, failedOps: [0] };
    }
    return super.commit(ops);
  }
}

const depsFor = (backend: MemoryBackend, overrides: Partial<IngestDeps> = {}) => {
  let n = 0;
  const pauses: number[] = [];
  const deps: IngestDeps = {
    backend,
    config: defaultIdentityConfig,
    hashOf: (idKey) => idKey,
    newCustomerId: () => `c${++n}`,
    now: () => new Date('2026-03-01T12:00:00Z'),
    maxAttempts: 5,
    pause: async (attempt) => {
      pauses.push(attempt);
    },
    ...overrides,
  };
  return { deps, pauses };
};

describe('ingestPage', () => {
  it('gives every input its outcome in page order and counts each kind', async () => {
    const backend = new MemoryBackend();
    const { deps } = depsFor(backend);
    backend.items.set(keyString({ pk: keys.identifier('email:gone@b.de'), sk: keys.owner }), {
      pk: keys.identifier('email:gone@b.de'),
      sk: keys.owner,
      kind: 'suppressed',
      suppressedAt: '2026-01-01T00:00:00Z',
    });

    const result = await ingestPage(
      [
        exampleCustomer({ key: '1', version: '2' }, [erp('1')]),
        { entity: 'customer' },
        exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
        exampleCustomer({ key: '1', version: '2' }, [erp('1')]),
        exampleCustomer({ key: '2', version: '1' }, [email('gone@b.de')]),
      ],
      deps,
    );

    expect(result.outcomes.map((o) => [o.index, o.outcome])).toEqual([
      [0, 'written'],
      [1, 'rejected'],
      [2, 'stale'],
      [3, 'unchanged'],
      [4, 'suppressed'],
    ]);
    expect(result.counts).toEqual({ written: 1, unchanged: 1, stale: 1, suppressed: 1, rejected: 1 });
  });

  it('names the customer of a written customer record and none for a catalogue record', async () => {
    const { deps } = depsFor(new MemoryBackend());

    const { outcomes } = await ingestPage(
      [
        exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
        exampleProduct({ key: 'P-1', version: '1' }, { partNumber: 'P-1' }),
      ],
      deps,
    );

    expect(outcomes).toEqual([
      { index: 0, outcome: 'written', recordKey: 'customer#sap-s4#business-partners#1', customerId: 'c1' },
      { index: 1, outcome: 'written', recordKey: 'product#windchill#parts#P-1' },
    ]);
  });

  it('stamps a new customer with the clock of the ingest', async () => {
    const backend = new MemoryBackend();
    const { deps } = depsFor(backend);

    await ingestPage([exampleCustomer({ key: '1', version: '1' }, [erp('1')])], deps);

    expect(backend.items.get(keyString({ pk: keys.customer('c1'), sk: keys.profile }))).toMatchObject({
      createdAt: '2026-03-01T12:00:00.000Z',
    });
  });

  it('reports the same version ingested again as unchanged and an older one as stale', async () => {
    const backend = new MemoryBackend();
    const { deps } = depsFor(backend);
    await ingestPage([exampleOrder({ key: 'SO-1', version: '5' }, [erp('1')])], deps);

    const again = await ingestPage(
      [
        exampleOrder({ key: 'SO-1', version: '5' }, [erp('1')]),
        exampleOrder({ key: 'SO-1', version: '4' }, [erp('1')]),
      ],
      deps,
    );

    expect(again.outcomes.map((o) => o.outcome)).toEqual(['unchanged', 'stale']);
  });

  it('re-reads and re-plans a page whose commit lost a race, pausing before the second round', async () => {
    const backend = new RacingBackend(1);
    const { deps, pauses } = depsFor(backend);

    const { outcomes } = await ingestPage([exampleCustomer({ key: '1', version: '1' }, [erp('1')])], deps);

    expect(pauses).toEqual([1]);
    expect(outcomes).toMatchObject([{ index: 0, outcome: 'written', customerId: 'c2' }]);
    expect(backend.commits).toBe(2);
  });

  it('after three lost rounds sends the record through the identity path, which writes it', async () => {
    const backend = new RacingBackend(3);
    const { deps, pauses } = depsFor(backend);

    const { outcomes } = await ingestPage([exampleCustomer({ key: '1', version: '1' }, [erp('1')])], deps);

    // Rounds 2 and 3 pause with their round; the identity path's first attempt does not pause.
    expect(pauses).toEqual([1, 2]);
    expect(backend.commits).toBe(4);
    expect(outcomes).toMatchObject([{ index: 0, outcome: 'written' }]);
    expect(
      backend.items.get(keyString({ pk: keys.identifier('erp:sap-s4:1'), sk: keys.owner })),
    ).toMatchObject({
      customerId: outcomes[0]?.outcome === 'written' ? outcomes[0].customerId : 'none',
    });
  });

  it('sends at most four independent commits at once by default, and as many as configured', async () => {
    // 120 new customers, five writes each (600 ops): several commits in one wave.
    const page = () =>
      Array.from({ length: 120 }, (_, i) => exampleCustomer({ key: `${i}`, version: '1' }, [erp(`${i}`)]));
    const byDefault = new RacingBackend();
    const two = new RacingBackend();

    await ingestPage(page(), depsFor(byDefault).deps);
    await ingestPage(page(), depsFor(two, { commitConcurrency: 2 }).deps);

    expect(byDefault.commits).toBeGreaterThan(4);
    expect(byDefault.maxInFlight).toBe(4);
    expect(two.maxInFlight).toBe(2);
  });
});

/** A racing backend that notes the records of every commit sent, and loses the first one carrying `losing`. */
class LosingBackend extends RacingBackend {
  readonly sent: string[][] = [];
  constructor(private losing?: string) {
    super();
  }
  override async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    const records = [
      ...new Set(
        ops.flatMap((op) =>
          op.op === 'put' && op.item.kind === 'record' ? [String(op.item.recordKey)] : [],
        ),
      ),
    ];
    if (this.losing !== undefined && records.includes(this.losing)) {
      this.losing = undefined;
      this.sent.push(['(lost)']);
      return { ok: false, failedOps: [0] };
    }
    this.sent.push(records);
    return super.commit(ops);
  }
}

describe('ingestPage: a customer too big for one commit', () => {
  it('holds back a later commit of a customer whose earlier commit failed: its records may need that commit’s claim', async () => {
    // prepare: c1 owns ERP 1; two orders of 60 lines each are too many items for one commit. The first claims new@
    // for c1, the second reaches c1 through new@ alone and goes in the next wave.
    const [so1, so2] = ['order#sap-s4#sales-orders#SO-1', 'order#sap-s4#sales-orders#SO-2'];
    const backend = new LosingBackend(so1);
    const { deps } = depsFor(backend);
    await ingestPage([exampleCustomer({ key: '1', version: '1' }, [erp('1')])], deps);
    backend.sent.length = 0;
    const lines = Array.from({ length: 60 }, (_, i) => ({ partNumber: `P-${i}`, quantity: 1 }));
    const claiming = exampleOrder({ key: 'SO-1', version: '1' }, [erp('1'), email('new@b.de')], { lines });
    const following = exampleOrder({ key: 'SO-2', version: '1' }, [email('new@b.de')], { lines });

    // act: the first commit (the claim) loses a race
    const result = await ingestPage([claiming, following], deps);

    // assert: the second order waited for the next round instead of landing without its identifier
    expect(backend.sent[0]).toEqual(['(lost)']);
    expect(backend.sent[1]).toEqual([so1]);
    expect(
      result.outcomes.map((o) => [o.recordKey, o.outcome, 'customerId' in o ? o.customerId : undefined]),
    ).toEqual([
      [so1, 'written', 'c1'],
      [so2, 'written', 'c1'],
    ]);
  });
});

describe('ingestPage: commits after a lost one', () => {
  it('still sends the later commit of another customer in the same round, and of a customer whose commit went in', async () => {
    // prepare: c1 owns ERP 1 and c2 ERP 2; c1's two orders of 60 lines each need two waves, c2's order shares
    // the first wave and loses its commit. Without plain writes every record goes in a commit.
    const [so1, so2, so3] = ['SO-1', 'SO-2', 'SO-3'].map((key) => `order#sap-s4#sales-orders#${key}`);
    const backend = new LosingBackend(so3);
    const { deps } = depsFor(backend, {
      plainWrites: false,
      pause: async () => {
        backend.sent.push(['(pause)']);
      },
    });
    await ingestPage(
      [
        exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
        exampleCustomer({ key: '2', version: '1' }, [erp('2')]),
      ],
      deps,
    );
    backend.sent.length = 0;
    const lines = Array.from({ length: 60 }, (_, i) => ({ partNumber: `P-${i}`, quantity: 1 }));

    // act
    const result = await ingestPage(
      [
        exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')], { lines }),
        exampleOrder({ key: 'SO-2', version: '1' }, [erp('1')], { lines }),
        exampleOrder({ key: 'SO-3', version: '1' }, [erp('2')], { lines }),
      ],
      deps,
    );

    // assert: only c2's record waited for the next round
    expect(backend.sent).toEqual([[so1], ['(lost)'], [so2], ['(pause)'], [so3]]);
    expect(result.outcomes.map((o) => [o.recordKey, o.outcome])).toEqual([
      [so1, 'written'],
      [so2, 'written'],
      [so3, 'written'],
    ]);
  });

  it('still sends a later commit of catalogue records in the same round, and a first one at once', async () => {
    // prepare: 51 products of two writes each fill one commit and start another; one commit at a time
    const products = Array.from({ length: 51 }, (_, i) =>
      exampleProduct({ key: `P-${i}`, version: '1' }, { partNumber: `P-${i}` }),
    );
    const backend = new LosingBackend('product#windchill#parts#P-0');
    const { deps } = depsFor(backend, {
      commitConcurrency: 1,
      pause: async () => {
        backend.sent.push(['(pause)']);
      },
    });

    // act
    const result = await ingestPage(products, deps);

    // assert: the commit without P-0 went in with the lost one's round; only the lost one's records waited
    expect(backend.sent.slice(0, 3)).toEqual([['(lost)'], ['product#windchill#parts#P-50'], ['(pause)']]);
    expect(backend.sent.slice(3).map((records) => records.length)).toEqual([50]);
    expect(result.counts.written).toBe(51);
  });
  it('holds back every later commit of a customer once its claim’s commit was lost, also a second one of the same size', async () => {
    // prepare: SO-1 is too big for one commit and claims new@ for c1; SO-2 and SO-3 reach c1 through new@ alone, and
    // only SO-2 fits beside what is left of SO-1 once its lines went ahead. Each of c1's commits gets a wave of its own, so SO-3 waits when SO-1's is lost.
    const [so1, so2, so3] = ['SO-1', 'SO-2', 'SO-3'].map((key) => `order#sap-s4#sales-orders#${key}`);
    const backend = new LosingBackend(so1);
    const { deps } = depsFor(backend, {
      pause: async () => {
        backend.sent.push(['(pause)']);
      },
    });
    await ingestPage([exampleCustomer({ key: '1', version: '1' }, [erp('1')])], deps);
    backend.sent.length = 0;
    const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ partNumber: `P-${i}`, quantity: 1 }));

    // act
    await ingestPage(
      [
        exampleOrder({ key: 'SO-1', version: '1' }, [erp('1'), email('new@b.de')], { lines: lines(120) }),
        exampleOrder({ key: 'SO-2', version: '1' }, [email('new@b.de')], { lines: lines(55) }),
        exampleOrder({ key: 'SO-3', version: '1' }, [email('new@b.de')], { lines: lines(60) }),
      ],
      deps,
    );

    // assert: nothing of c1 went in before the next round
    const beforePause = backend.sent.slice(
      0,
      backend.sent.findIndex((r) => r[0] === '(pause)'),
    );
    expect(beforePause.flat().filter((r) => r !== '(lost)')).toEqual([]);
    expect(backend.sent.flat()).toEqual(expect.arrayContaining([so1, so2, so3]));
  });
});

describe('ingestPage: a newer copy whose writer never reached its commit point', () => {
  it.each([
    ['with plain writes', true],
    ['with transactions only', false],
  ])('answers an older version stale instead of writing over the copy (%s)', async (_, plainWrites) => {
    // prepare: SO-1 version 1 is stored; a writer copied version 3 over it and died before its locator
    const backend = new MemoryBackend();
    const { deps } = depsFor(backend, { plainWrites });
    await ingestPage(
      [
        exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
        exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')]),
      ],
      deps,
    );
    const isOrder = (item: Item) =>
      item.kind === 'record' && item.recordKey === 'order#sap-s4#sales-orders#SO-1';
    const stored = [...backend.items.values()].find(isOrder);
    if (!stored) throw new Error('order not stored');
    const source = stored.source as Record<string, unknown>;
    backend.items.set(keyString(stored), {
      ...stored,
      source: { ...source, version: '3' },
      versionOrd: versionOrder('3'),
      writer: 'dead-writer',
    });

    // act: version 2 arrives
    const result = await ingestPage([exampleOrder({ key: 'SO-1', version: '2' }, [erp('1')])], deps);

    // assert: the copy (news the feed announced) stays, for its page's replay or the next restructuring to commit
    expect(result.outcomes).toEqual([
      { index: 0, outcome: 'stale', recordKey: 'order#sap-s4#sales-orders#SO-1' },
    ]);
    const after = [...backend.items.values()].filter(isOrder);
    expect(after.map((item) => (item.source as { version: string }).version)).toEqual(['3']);
  });
});
