import { MemoryBackend } from '../../adapters/memory/memory-backend.ts';
import type { WriteOp } from '../../core/items/write-ops.ts';

/**
 * A memory table whose commits after the first `allowed` are refused, as when a function's writes stop being
 * accepted part-way, or throw (`'die'`), as when the function itself dies (a Lambda timeout).
 */
export class StoppingBackend extends MemoryBackend {
  /** Commits accepted since it was made or last told `allow`. */
  commits = 0;
  constructor(
    private allowed = Number.POSITIVE_INFINITY,
    private readonly stop: 'refuse' | 'die' = 'refuse',
  ) {
    super();
  }
  /** Counts from zero again and accepts `allowed` more commits (every one, by default). */
  allow(allowed = Number.POSITIVE_INFINITY) {
    this.allowed = allowed;
    this.commits = 0;
  }
  override async commit(ops: readonly WriteOp[]) {
    if (this.commits >= this.allowed) {
      if (this.stop === 'die') throw new Error('the function timed out');
      return { ok: false as const, failedOps: [0] };
    }
    this.commits += 1;
    return super.commit(ops);
  }
}
