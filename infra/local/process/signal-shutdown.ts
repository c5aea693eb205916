/**
 * One Ctrl-C must stop the hub once. A terminal sends SIGINT to the whole foreground process group, and
 * every launcher in between forwards it again (npm's run-script relays SIGINT/SIGTERM to its child, tsx's
 * CLI relays it when its child is slow to acknowledge), so the hub process commonly receives the same
 * keypress two or three times within milliseconds. Signals inside the grace window after the first are
 * therefore the same request; only a signal arriving later, while the stop is still running, is a person
 * pressing Ctrl-C again on purpose and forces the exit.
 */
export interface SignalShutdownOptions {
  /** Stops everything; called once. */
  readonly stop: () => Promise<void>;
  /** Signals this long after the first are treated as duplicates of it. @default 1500 */
  readonly graceMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  readonly write: (stream: 'stdout' | 'stderr', text: string) => void;
  readonly exit: (code: number) => void;
}

/** Default window: launcher relays arrive within tens of milliseconds; a deliberate second press takes longer. */
const DEFAULT_GRACE_MS = 1_500;

/** Returns the handler for SIGINT/SIGTERM: first signal stops, duplicates are ignored, a late repeat forces. */
export const createSignalShutdown = (options: SignalShutdownOptions): ((signal: string) => void) => {
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const now = options.now ?? Date.now;
  let firstAt: number | undefined;
  return (signal: string) => {
    if (firstAt !== undefined) {
      if (now() - firstAt < graceMs) return;
      options.write('stderr', 'Forced exit.\n');
      options.exit(130);
      return;
    }
    firstAt = now();
    options.write('stdout', `\n${signal} received: stopping hub360 (press Ctrl-C again to force)...\n`);
    options.stop().then(
      () => {
        options.write('stdout', 'Stopped cleanly; data kept in the data folder.\n');
        options.exit(0);
      },
      (err: unknown) => {
        options.write(
          'stderr',
          `Error while stopping: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        options.exit(1);
      },
    );
  };
};
