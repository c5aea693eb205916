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

/** Aborts every running sync with `reason` and resolves once all of them finished (leases released). */
export const stopActiveSyncs = async (reason: string): Promise<void> => {
  const waiting = [...running.entries()];
  for (const [controller] of waiting) controller.abort(new SyncStoppedError(reason));
  await Promise.all(waiting.map(([, settled]) => settled));
};

/** The reason a sync was aborted because its process is stopping. */
export class SyncStoppedError extends Error {
  override readonly name = 'SyncStoppedError';
}
