import { describe, expect, it } from 'vitest';
import { commitPlan } from '../../../core/ingest/commit-plan.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { type CommitResult, MAX_OPS_PER_COMMIT, type WriteOp } from '../../../core/items/write-ops.ts';
import type { StoreBackend } from '../../../core/ports/store-backend.ts';

/** A backend that records every commit and answers from a script (ok unless told otherwise). */
const recordingBackend = (results: readonly CommitResult[] = []) => {
  const commits: WriteOp[][] = [];
  const backend: StoreBackend = {
    getItems: async () => new Map<string, Item>(),
    readPartition: async () => [],
    writeEach: async () => [],
    commit: async (ops) => {
      commits.push([...ops]);
      return results[commits.length - 1] ?? { ok: true };
    },
  };
  return { backend, commits };
};

const put = (name: string): WriteOp => ({ op: 'put', item: { pk: `P#${name}`, sk: 'S' } });
const guard = (customerId: string): WriteOp => ({
  op: 'check',
  key: { pk: `CUST#${customerId}`, sk: 'PROFILE' },
  condition: { kind: 'matches', attributes: { rev: 1 } },
});
/** When the restructurings of these tests began. */
const STARTED = '2026-03-01T00:00:00.000Z';
const many = (n: number, prefix = 'op') => Array.from({ length: n }, (_, i) => put(`${prefix}${i}`));

describe('commitPlan', () => {
  it('writes the guards and a small plan in one commit, guards first', async () => {
    const { backend, commits } = recordingBackend();
    const guards = [guard('a'), guard('b')];
    const ops = many(3);

    const ok = await commitPlan(backend, guards, ops, STARTED);

    expect(ok).toBe(true);
    expect(commits).toEqual([[...guards, ...ops]]);
  });

  it('fills the first commit up to the limit with the guards and continues in commits of at most the limit', async () => {
    const { backend, commits } = recordingBackend();
    const guards = [guard('a')];
    const ops = many(250);

    const ok = await commitPlan(backend, guards, ops, STARTED);

    expect(ok).toBe(true);
    expect(commits.map((c) => c.length)).toEqual([MAX_OPS_PER_COMMIT, MAX_OPS_PER_COMMIT, 51]);
    expect(commits[0]?.[0]).toBe(guards[0]);
    // Every op is written exactly once, in order, after the guard.
    expect(commits.flat().slice(1)).toEqual(ops);
  });

  it('sends no empty commit when the ops end exactly at a commit boundary', async () => {
    const { backend, commits } = recordingBackend();

    const ok = await commitPlan(
      backend,
      [guard('a')],
      many(MAX_OPS_PER_COMMIT - 1 + MAX_OPS_PER_COMMIT),
      STARTED,
    );

    expect(ok).toBe(true);
    expect(commits.map((c) => c.length)).toEqual([MAX_OPS_PER_COMMIT, MAX_OPS_PER_COMMIT]);
  });

  it('accepts guards that fill the first commit exactly and writes the ops after them', async () => {
    const { backend, commits } = recordingBackend();
    const guards = Array.from({ length: MAX_OPS_PER_COMMIT }, (_, i) => guard(`c${i}`));

    const ok = await commitPlan(backend, guards, many(2), STARTED);

    expect(ok).toBe(true);
    expect(commits.map((c) => c.length)).toEqual([MAX_OPS_PER_COMMIT, 2]);
    expect(commits[0]).toEqual(guards);
  });

  it('refuses a restructuring with more guards than one commit holds, naming the count, and writes nothing', async () => {
    const { backend, commits } = recordingBackend();
    const guards = Array.from({ length: MAX_OPS_PER_COMMIT + 1 }, (_, i) => guard(`c${i}`));

    await expect(commitPlan(backend, guards, many(1), STARTED)).rejects.toThrow(
      'an identity restructuring touches 101 customers, more than one commit can guard',
    );
    expect(commits).toEqual([]);
  });

  it('stops and reports failure when the guarded first commit fails', async () => {
    const { backend, commits } = recordingBackend([{ ok: false, failedOps: [0] }]);

    const ok = await commitPlan(backend, [guard('a')], many(150), STARTED);

    expect(ok).toBe(false);
    expect(commits).toHaveLength(1);
  });

  it('stops at the first later commit that fails and reports failure', async () => {
    const { backend, commits } = recordingBackend([{ ok: true }, { ok: false, failedOps: [3] }]);

    const ok = await commitPlan(backend, [guard('a')], many(350), STARTED);

    expect(ok).toBe(false);
    expect(commits).toHaveLength(2);
  });

  describe('a plan split over several commits', () => {
    const survivor: WriteOp = {
      op: 'patch',
      key: { pk: 'CUST#s', sk: 'PROFILE' },
      set: { status: 'active', rev: 4 },
      remove: ['mergedInto', 'restructuring'],
      condition: { kind: 'matches', attributes: { rev: 3, status: 'active', writes: null } },
    };
    const newcomer: WriteOp = {
      op: 'put',
      item: { pk: 'CUST#n', sk: 'PROFILE', kind: 'profile', status: 'active', rev: 0 },
      condition: { kind: 'absent' },
    };
    const markedAs = (commit: readonly WriteOp[] | undefined) =>
      (commit ?? []).flatMap((op) =>
        op.op === 'patch' && typeof op.set.restructuring === 'string'
          ? [op.set.restructuring]
          : op.op === 'put' && typeof op.item.restructuring === 'string'
            ? [op.item.restructuring]
            : [],
      );

    it('marks the profiles it writes in its first commit, checks them in each later one and takes the marks away in its last', async () => {
      const { backend, commits } = recordingBackend();

      const ok = await commitPlan(backend, [survivor, guard('m'), newcomer], many(250), STARTED);

      expect(ok).toBe(true);
      const [id, ...others] = markedAs(commits[0]);
      expect(others).toEqual([id]);
      // the store check reads when it began from the mark
      expect(id?.startsWith(`${STARTED}#`)).toBe(true);
      // the mark is set, not removed, in the same write
      expect(commits[0]?.[0]).toMatchObject({ remove: ['mergedInto'] });
      const asLeft = (pk: string, rev: number) => ({
        key: { pk, sk: 'PROFILE' },
        condition: { kind: 'matches', attributes: { rev, restructuring: id } },
      });
      expect(commits[1]?.slice(0, 2)).toEqual([
        { op: 'check', ...asLeft('CUST#s', 4) },
        { op: 'check', ...asLeft('CUST#n', 0) },
      ]);
      expect(commits.at(-1)?.slice(0, 2)).toEqual([
        { op: 'patch', set: {}, remove: ['restructuring'], ...asLeft('CUST#s', 4) },
        { op: 'patch', set: {}, remove: ['restructuring'], ...asLeft('CUST#n', 0) },
      ]);
      // 3 guards and 97 ops, then 98 ops and 2 checks, then the last 55 ops and 2 releases
      expect(commits.map((c) => c.length)).toEqual([MAX_OPS_PER_COMMIT, MAX_OPS_PER_COMMIT, 57]);
      // every op once, in order
      expect(commits.flatMap((c, i) => (i === 0 ? c.slice(3) : c.slice(2)))).toEqual(many(250));
    });

    it('marks nothing when the plan fits one commit', async () => {
      const { backend, commits } = recordingBackend();

      await commitPlan(backend, [survivor, newcomer], many(MAX_OPS_PER_COMMIT - 2), STARTED);

      expect(commits).toEqual([[survivor, newcomer, ...many(MAX_OPS_PER_COMMIT - 2)]]);
    });

    it('stops when a check of a later commit is refused: another writer moved a marked profile in between', async () => {
      const { backend, commits } = recordingBackend([{ ok: true }, { ok: false, failedOps: [0] }]);

      expect(await commitPlan(backend, [survivor], many(250), STARTED)).toBe(false);
      expect(commits).toHaveLength(2);
    });
  });
});
