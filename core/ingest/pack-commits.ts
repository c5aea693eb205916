import { keyString, MAX_OPS_PER_COMMIT, opKey, type WriteOp } from '../items/write-ops.ts';
import { type FastWrite, settledWriteGuard } from './plan-settled-writes.ts';

/** One atomic commit and the records whose fate depends on it. */
export interface PlannedCommit {
  readonly ops: WriteOp[];
  readonly writes: FastWrite[];
}

/** Commits in waves: the commits of one wave are independent; a wave starts when the previous one is done. */
export type CommitWaves = PlannedCommit[][];

const guardKey = (write: FastWrite) => (write.guard ? keyString(opKey(write.guard)) : undefined);

/**
 * Packs fast writes into as few atomic commits as possible. The records of one customer stay together
 * so the customer's guard (creation or revision check) is written once per commit; a customer too big
 * for one commit continues in the next wave, after its creation is committed. A record too big for one
 * commit (a huge order) writes its demand lines ahead, idempotently, and commits the rest atomically.
 */
export const packCommits = (writes: readonly FastWrite[]): CommitWaves => {
  const waves: CommitWaves = [[]];
  const groups = new Map<string, FastWrite[]>();
  writes.forEach((write, i) => {
    const key = write.customerId ?? `\u0000${i}`;
    if (!groups.has(key)) groups.set(key, []);
    // Stryker disable next-line OptionalChaining: the group was set just above.
    groups.get(key)?.push(write);
  });
  let current: PlannedCommit = { ops: [], writes: [] };
  const firstWave = waves[0] as PlannedCommit[];
  const flush = () => {
    if (current.ops.length > 0) firstWave.push(current);
    current = { ops: [], writes: [] };
  };
  for (const group of groups.values()) {
    const guard = group.find((w) => w.guard)?.guard;
    const gKey = group[0] ? guardKey(group[0]) : undefined;
    let wave = 0;
    let chunk: PlannedCommit | undefined;
    let guardPlaced = false;
    const guardFor = (waveIndex: number): WriteOp | undefined => {
      if (!guard) return undefined;
      if (waveIndex === 0 || guard.op !== 'put') return guard;
      // Later waves only need the customer active, but still count as settled writes for the merge guard.
      return settledWriteGuard(guard.item.customerId as string);
    };
    for (const write of group) {
      let ops = write.ops.filter((op) => !gKey || keyString(opKey(op)) !== gKey);
      if (ops.length + 1 > MAX_OPS_PER_COMMIT) {
        const ahead = ops.filter((op) => op.op === 'put' && op.item.kind === 'orderLine');
        ops = ops.filter((op) => !ahead.includes(op));
        for (let i = 0; i < ahead.length; i += MAX_OPS_PER_COMMIT) {
          firstWave.push({ ops: ahead.slice(i, i + MAX_OPS_PER_COMMIT), writes: [] });
        }
        // The record itself goes in a later wave, after its demand lines (and its customer) are in.
        if (guard?.op === 'put' && !guardPlaced) {
          firstWave.push({ ops: [guard], writes: [] });
          guardPlaced = true;
        }
        wave = Math.max(wave, 1);
        chunk = undefined;
      }
      if (wave === 0) {
        const needsGuard = guard !== undefined && !current.ops.some((op) => keyString(opKey(op)) === gKey);
        const size = ops.length + (needsGuard ? 1 : 0);
        if (current.ops.length + size > MAX_OPS_PER_COMMIT) {
          if (
            current.writes.some((w) => w.customerId === write.customerId && write.customerId !== undefined)
          ) {
            wave = 1;
          } else flush();
        }
        if (wave === 0) {
          const g = guardFor(0);
          if (g && !current.ops.some((op) => keyString(opKey(op)) === gKey)) current.ops.push(g);
          guardPlaced = true;
          current.ops.push(...ops);
          current.writes.push(write);
          continue;
        }
      }
      // One commit of a customer per wave: a later record may reach the customer through an identifier an
      // earlier commit claims, and ingestPage holds a customer's later waves back once one of its commits failed.
      if (chunk && chunk.ops.length + ops.length > MAX_OPS_PER_COMMIT) {
        wave += 1;
        chunk = undefined;
      }
      if (!chunk) {
        while (waves.length <= wave) waves.push([]);
        chunk = { ops: [], writes: [] };
        const g = guardFor(wave);
        if (g) chunk.ops.push(g);
        (waves[wave] as PlannedCommit[]).push(chunk);
      }
      chunk.ops.push(...ops);
      chunk.writes.push(write);
    }
  }
  flush();
  return waves.filter((w) => w.length > 0);
};
