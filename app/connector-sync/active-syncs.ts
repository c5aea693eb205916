/**
 * The syncs running in this process, so a process that is asked to stop (SIGINT/SIGTERM of the local hub)
 * can abort them and wait until each has released its lease, instead of leaving the lease to lapse.
 */
const running = new Map<AbortController, Promise<unknown>>();

/** Registers a running sync: its abort controller and the promise that settles once it released its lease. */
export const trackSync = <T>(controller: AbortController, run: Promise<T>): Promise<T> => {
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  running.set(controller, settled);
  void settled.then(() => running.delete(controller));
  return run;
};

/** How many syncs are running in this process. */
export const activeSyncCount = (): number => running.size;

export interface StopActiveSyncsOptions {
  /**
   * Longest wait for the aborted syncs. A sync stops at its next page boundary, which a store slowed down by
   * lock waits can push minutes away; past this the stop goes on, and the lease lapses by its TTL or is
   * released by the next local start (it names a holder process that no longer exists). @default no limit
   */
  readonly waitMs?: number;
}

/**
 * Aborts every running sync with `reason` and resolves once all of them finished (leases released), or once
 * `waitMs` passed; resolves true when every sync finished in time.
 */
export const stopActiveSyncs = async (
  reason: string,
  options: StopActiveSyncsOptions = {},
): Promise<boolean> => {
  const waiting = [...running.entries()];
  for (const [controller] of waiting) controller.abort(new SyncStoppedError(reason));
  const finished = Promise.all(waiting.map(([, settled]) => settled)).then(() => true);
  if (options.waitMs === undefined) return finished;
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), options.waitMs);
  });
  try {
    return await Promise.race([finished, waited]);
  } finally {
    clearTimeout(timer);
  }
};

/** The reason a sync was aborted because its process is stopping. */
export class SyncStoppedError extends Error {
  override readonly name = 'SyncStoppedError';
}
