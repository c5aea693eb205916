import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { finishRestructuring } from '../../../core/identity/finish-restructuring.ts';
import { markStartedAt } from '../../../core/ingest/commit-plan.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { keys } from '../../../core/items/keys.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import { email, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';
import { StoppingBackend } from '../../support/stopping-backend.ts';

// finishRestructuring on small stores: which mark it finishes, what it answers, and how it retries. The stops it
// exists for are in split-restructure-crash.test.ts and split-restructure-stops.test.ts.

const NOW = '2026-03-01T00:00:00.000Z';
const MARK = `${NOW}#plan-1`;

/** Ann (c1), and Bo (c2) merged into her by an order carrying both e-mails; Ann's profile then marked (`null`: not). */
const mergedAndMarked = async <B extends MemoryBackend>(backend: B, mark: string | null = MARK) => {
  const deps = memoryIngestDeps(backend, { now: () => new Date(NOW) });
  await ingestPage([exampleCustomer({ key: 'A', version: '1' }, [email('ann@x.de')])], deps);
  await ingestPage([exampleCustomer({ key: 'B', version: '1' }, [email('bo@x.de')])], deps);
  await ingestPage([exampleOrder({ key: 'O', version: '1' }, [email('ann@x.de'), email('bo@x.de')])], deps);
  const profile = backend.items.get(keyString({ pk: keys.customer('c1'), sk: keys.profile }));
  if (profile && mark !== null) profile.restructuring = mark;
  const pauses: number[] = [];
  const finishDeps = {
    ...deps,
    now: NOW,
    pause: async (attempt: number) => {
      pauses.push(attempt);
    },
  };
  return { finish: (startedAt?: string) => finishRestructuring(finishDeps, 'c1', startedAt), pauses };
};

const markOf = (backend: MemoryBackend) =>
  backend.items.get(keyString({ pk: keys.customer('c1'), sk: keys.profile }))?.restructuring;

describe('finishRestructuring', () => {
  it('re-resolves a marked customer and names the profiles it wrote, not the merged one it only checked', async () => {
    const backend = new MemoryBackend();
    const { finish, pauses } = await mergedAndMarked(backend);

    expect(await finish(NOW)).toEqual({ kind: 'finished', customerIds: ['c1'] });
    expect(markOf(backend)).toBeUndefined();
    expect(pauses).toEqual([]);
  });

  it('leaves a customer without a mark, or with a mark begun at another time, alone', async () => {
    const unmarked = new MemoryBackend();
    const other = new MemoryBackend();

    expect(await (await mergedAndMarked(unmarked, null)).finish(NOW)).toEqual({ kind: 'notMarked' });
    expect(await (await mergedAndMarked(other, `2026-03-01T00:30:00.000Z#plan-2`)).finish(NOW)).toEqual({
      kind: 'notMarked',
    });
    expect(markOf(other)).toBe('2026-03-01T00:30:00.000Z#plan-2');
  });

  it('re-resolves a customer whether marked or not when asked without a start time', async () => {
    const backend = new MemoryBackend();

    expect(await (await mergedAndMarked(backend, null)).finish()).toEqual({
      kind: 'finished',
      customerIds: ['c1'],
    });
  });

  it('reads again after a pause while its commit is refused, and answers raced once its attempts are spent', async () => {
    const backend = new StoppingBackend(Number.POSITIVE_INFINITY, 'refuse');
    const { finish, pauses } = await mergedAndMarked(backend);
    backend.allow(0);

    expect(await finish(NOW)).toEqual({ kind: 'raced' });
    // memoryIngestDeps allows 3 attempts: a pause before the second and the third
    expect(pauses).toEqual([1, 2]);
    expect(markOf(backend)).toBe(MARK);
  });

  it('reads the start time off a mark', () => {
    expect(markStartedAt(MARK)).toBe(NOW);
    expect(markStartedAt('no-plan-id')).toBe('no-plan-id');
  });
});
