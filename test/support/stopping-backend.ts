import { MemoryBackend } from '../../adapters/memory/memory-backend.ts';
import type { WriteOp } from '../../core/items/write-ops.ts';

/** A memory table whose commits after the first `allowed` are refused, as when a function dies part-way. */
export class StoppingBackend extends MemoryBackend {
  constructor(private allowed: number) {
    super();
  }
  override async commit(ops: readonly WriteOp[]) {
    if (this.allowed <= 0) return { ok: false as const, failedOps: [0] };
    this.allowed -= 1;
    return super.commit(ops);
  }
}
