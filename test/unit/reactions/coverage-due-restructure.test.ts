import { describe, expect, it } from 'vitest';
import type { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import {
  type CoverageSweepResult,
  type SweepCoverageDeps,
  sweepCoverage,
} from '../../../app/reactions/sweep-coverage.ts';
import { unmergeCustomer } from '../../../core/identity/unmerge-customer.ts';
import { type IngestDeps, ingestPage } from '../../../core/ingest/ingest-page.ts';
import { keys } from '../../../core/items/keys.ts';
import { MAX_OPS_PER_COMMIT, type WriteOp } from '../../../core/items/write-ops.ts';
import { ReactionsConfigSchema } from '../../../schemas/config/reactions-config.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { email, exampleOrder } from '../../../schemas/entities/examples.ts';
import {
  FollowedBackend,
  followed,
  recordOwners,
  twoCustomersFollowed,
} from '../../support/followed-backend.ts';

// The coverage due items of a customer's installed products through a merge or unmerge too big for one commit
// (core/ingest/commit-plan.ts): the moved copies and their locators land over several commits, the old copies go in
// the last ones. Whoever reads a unit through its locator in between (the daily sweep reading a due unit) finds it
// still with the customer merged away, not yet placed with the survivor: `moving`. The units' warranties end inside
// the notice window by then, where a moved copy files no due item of its own, so a due item taken away in between
// would leave the unit without its service notice, and one noticed in between would name the merged-away customer.

const FILED = new Date('2026-03-01T10:00:00Z');
/** 26 days before the units' warranty end: inside the window, and no sweep has run since the end entered it. */
const LATER = new Date('2026-03-25T00:30:00Z');
const END = '2026-04-20';
const config = ReactionsConfigSchema.parse({});

const unit = (key: string, identifier: string): CanonicalRecordInput =>
  ({
    entity: 'installedProduct',
    source: { system: 'sap-s4', stream: 'installed-base', key, version: '1' },
    identifiers: [email(identifier)],
    data: { partNumber: 'P-100', serialNumber: `SN-${key}`, purchasedOn: '2025-04-20', warrantyEnd: END },
  }) as CanonicalRecordInput;

const dueItems = (backend: MemoryBackend) =>
  [...backend.items.values()].filter((item) => item.kind === 'coverageDue');

const notices = (backend: MemoryBackend) =>
  [...backend.items.values()]
    .filter((item) => item.kind === 'reaction')
    .map((item) => item.payload as { customerId: string; serialNumber: string });

/**
 * c1 owns 60 units whose warranty ends 50 days after they were loaded, so each has its due item; c2 holds more
 * records, so it survives a merge and c1's units move.
 */
const twoCustomers = async () => {
  const backend = new FollowedBackend({ now: () => FILED, config });
  const deps = await twoCustomersFollowed(
    backend,
    Array.from({ length: 60 }, (_, i) => unit(`EQ-${i}`, 'a@x.de')),
  );
  expect(backend.failed).toEqual([]);
  expect(dueItems(backend)).toHaveLength(60);
  return { backend, deps };
};

const linkBoth = exampleOrder({ key: 'LINK', version: '1' }, [email('a@x.de'), email('b@x.de')]);

const merge = (deps: IngestDeps) => () => ingestPage([linkBoth], deps);

/** The two customers merged (the stream done with it), and the unmerge that splits them again. */
const mergedCustomers = async () => {
  const { backend, deps } = await twoCustomers();
  await ingestPage([linkBoth], deps);
  await backend.follow();
  await backend.redeliver();
  expect(dueItems(backend)).toHaveLength(60);
  const ledger = [...backend.items.values()].find(
    (item) => item.kind === 'ledger' && (item.entry as { kind: string }).kind === 'merge',
  );
  if (!ledger) throw new Error('the two customers did not merge');
  const entryId = String((ledger.entry as { entryId: string }).entryId);
  const unmerge = () =>
    unmergeCustomer({ ...deps, now: '2026-03-02T00:00:00Z' }, 'c2', entryId, {
      requestedBy: 'ops@example.com',
      reason: 'two different people',
    });
  return { backend, unmerge };
};

/** The sweep notices each unit once, on the customer who owns it now, and leaves no due item. */
const expectEveryUnitNoticed = async (backend: FollowedBackend, owner: string) => {
  const run = await sweepCoverage({ backend, now: () => LATER, config });
  expect(run).toMatchObject({ due: 60, noticed: 60, gone: 0, changed: 0, failed: [] });
  expect(new Set(notices(backend).map((notice) => notice.customerId))).toEqual(new Set([owner]));
  expect(dueItems(backend)).toEqual([]);
};

describe('the decisions keep the coverage due items of units a split restructuring moves', () => {
  it('keeps the due item of every unit of the merged customer, whenever the decisions read its removal', async () => {
    const { backend, deps } = await twoCustomers();
    backend.now = () => LATER;

    const sizes = await followed(backend, merge(deps));

    expect(sizes).toContain(MAX_OPS_PER_COMMIT);
    expect(recordOwners(backend, 'installedProduct')).toEqual(new Set(['c2']));
    const retried = backend.failed.map((change) => change.eventName);
    await backend.redeliver();
    expect(dueItems(backend)).toHaveLength(60);
    await expectEveryUnitNoticed(backend, 'c2');
    // The old copies go after every locator moved: no removal is read while its unit is moving, none fails.
    expect(retried).toEqual([]);
  });

  it('keeps the due item of every unit an unmerge moves back', async () => {
    const { backend, unmerge } = await mergedCustomers();
    backend.now = () => LATER;

    const sizes = await followed(backend, unmerge);

    expect(sizes).toContain(MAX_OPS_PER_COMMIT);
    expect(recordOwners(backend, 'installedProduct')).toEqual(new Set(['c1']));
    const retried = backend.failed.map((change) => change.eventName);
    await backend.redeliver();
    expect(dueItems(backend)).toHaveLength(60);
    await expectEveryUnitNoticed(backend, 'c1');
    expect(retried).toEqual([]);
  });
});

/** A commit that moves record items: right after it, the units whose locators it has not moved yet are moving. */
const takesRecords = (ops: readonly WriteOp[]) =>
  ops.some((op) => op.op === 'put' && op.item.sk.startsWith(keys.record('')) && op.item.cause === 'move');

describe('the daily sweep leaves the due item of a unit a split restructuring is moving', () => {
  // The stream lags behind here: only the sweep reads the table while the restructuring is under way, right after
  // each commit that moved record items (before one, every unit is where its locator says). The restructuring
  // waits for each of these sweeps, so a unit's moves cannot finish while the sweep reads it again.
  const noWait = { sleep: async () => undefined };
  const sweptBetweenCommits = async (backend: FollowedBackend, restructure: () => Promise<unknown>) => {
    const runs: CoverageSweepResult[] = [];
    const sizes = await followed(backend, restructure, {
      decide: false,
      between: async (ops) => {
        if (takesRecords(ops))
          runs.push(await sweepCoverage({ backend, now: () => LATER, config, timing: noWait }));
      },
    });
    expect(sizes).toContain(MAX_OPS_PER_COMMIT);
    await backend.follow();
    expect(backend.failed).toEqual([]);
    return runs;
  };

  const expectNoticedOnceEach = async (backend: FollowedBackend, runs: readonly CoverageSweepResult[]) => {
    const last = await sweepCoverage({ backend, now: () => LATER, config, timing: noWait });
    const noticed = notices(backend).map((notice) => notice.serialNumber);
    expect(new Set(noticed).size).toBe(60);
    expect(noticed).toHaveLength(60);
    expect(dueItems(backend)).toEqual([]);
    expect(last).toMatchObject({ gone: 0, moving: 0, failed: [] });
    // A unit read before its locator moved was not noticed on the merged-away customer, nor taken for gone; it stayed due.
    expect(runs.reduce((sum, run) => sum + run.gone, 0)).toBe(0);
    expect(runs.reduce((sum, run) => sum + run.moving, 0)).toBeGreaterThan(0);
  };

  it('notices every unit of the merged customer once its move is complete', async () => {
    const { backend, deps } = await twoCustomers();
    backend.now = () => LATER;

    const runs = await sweptBetweenCommits(backend, merge(deps));

    expect(recordOwners(backend, 'installedProduct')).toEqual(new Set(['c2']));
    await expectNoticedOnceEach(backend, runs);
  });

  it('notices every unit an unmerge moves back once its move is complete', async () => {
    const { backend, unmerge } = await mergedCustomers();
    backend.now = () => LATER;

    const runs = await sweptBetweenCommits(backend, unmerge);

    expect(recordOwners(backend, 'installedProduct')).toEqual(new Set(['c1']));
    await expectNoticedOnceEach(backend, runs);
  });
});

describe('the daily sweep reads a moving unit again before it leaves it for the next run', () => {
  it('notices every unit in the same run once the merge that was moving them has finished', async () => {
    const { backend, deps } = await twoCustomers();
    backend.now = () => LATER;
    let moveFinished = (): void => undefined;
    const moved = new Promise<void>((resolve) => {
      moveFinished = resolve;
    });
    let sweepWaits = (): void => undefined;
    const waiting = new Promise<void>((resolve) => {
      sweepWaits = resolve;
    });
    const waits: number[] = [];
    let sweep: Promise<CoverageSweepResult> | undefined;

    await followed(backend, merge(deps), {
      decide: false,
      between: async (ops) => {
        if (sweep !== undefined || !takesRecords(ops)) return;
        // A run started while every unit of c1 is moving; its waits last until the merge is done.
        sweep = sweepCoverage({
          backend,
          now: () => LATER,
          config,
          timing: {
            sleep: async (ms) => {
              waits.push(ms);
              sweepWaits();
              await moved;
            },
          },
        });
        await Promise.race([waiting, sweep]);
      },
    });
    moveFinished();
    const run = await sweep;

    // One pause for the run, not one per unit: the units still moving were read again together after it.
    expect(waits).toHaveLength(1);
    expect(run).toMatchObject({ due: 60, noticed: 60, moving: 0, gone: 0, changed: 0, failed: [] });
    expect(new Set(notices(backend).map((notice) => notice.customerId))).toEqual(new Set(['c2']));
    expect(dueItems(backend)).toEqual([]);
  });

  /** One sweep run right after the merge's first commit that takes records; the merge waits for it to end. */
  const sweptWhileMoving = async (options: Pick<SweepCoverageDeps, 'remainingMs'>) => {
    const { backend, deps } = await twoCustomers();
    backend.now = () => LATER;
    const waits: number[] = [];
    let run: CoverageSweepResult | undefined;
    await followed(backend, merge(deps), {
      decide: false,
      between: async (ops) => {
        if (run !== undefined || !takesRecords(ops)) return;
        run = await sweepCoverage({
          backend,
          now: () => LATER,
          config,
          ...options,
          timing: { sleep: async (ms) => void waits.push(ms), random: () => 1 },
        });
      },
    });
    if (run === undefined) throw new Error('no sweep ran while the merge was moving units');
    // The first commit already moved some units (those are noticed); the others stayed moving through the run.
    expect(run).toMatchObject({ due: 60, gone: 0, changed: 0, failed: [] });
    expect(run.moving).toBeGreaterThan(1);
    expect(run.moving + run.noticed).toBe(60);
    expect(dueItems(backend)).toHaveLength(run.moving);
    return waits;
  };

  it('pauses three times in a run however many units stay moving, then leaves them for the next run', async () => {
    expect(await sweptWhileMoving({})).toEqual([2_000, 4_000, 8_000]);
  });

  it('does not pause when the run has no time left to wait', async () => {
    // 65 s left: enough to decide a unit (a minute), not to wait for one as well.
    expect(await sweptWhileMoving({ remainingMs: () => 65_000 })).toEqual([]);
  });
});
