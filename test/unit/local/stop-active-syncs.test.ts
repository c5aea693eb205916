import { describe, expect, it } from 'vitest';
import { SyncStoppedError, stopActiveSyncs, trackSync } from '../../../app/connector-sync/active-syncs.ts';

describe('stopActiveSyncs (the local hub stopping)', () => {
  it('aborts running syncs and gives up waiting after waitMs when one does not finish', async () => {
    const controller = new AbortController();
    // A sync stuck in a store call that ignores the abort until its page commits.
    let commitPage = () => {};
    void trackSync(
      controller,
      new Promise<void>((resolve) => {
        commitPage = resolve;
      }),
    );

    const finished = await stopActiveSyncs('the local hub is stopping', { waitMs: 20 });
    commitPage();

    expect(finished).toBe(false);
    expect(controller.signal.reason).toBeInstanceOf(SyncStoppedError);
  });

  it('resolves true once every aborted sync released its lease', async () => {
    const controller = new AbortController();
    void trackSync(
      controller,
      new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve())),
    );

    expect(await stopActiveSyncs('the local hub is stopping', { waitMs: 60_000 })).toBe(true);
  });
});
