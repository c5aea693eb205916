/**
 * What one raw record of a page came to under one of its keys: held back (refused by the translator or
 * rejected by the store, so filed in quarantine) or taken in by the store.
 */
export interface KeyVerdict {
  readonly key: string;
  /** The raw record's place in its page: of two verdicts on one key, the later record's stands. */
  readonly position: number;
  readonly heldBack: boolean;
}

/**
 * Settles a committed page against the stream's quarantined keys (`held`: what the run read at its start plus
 * what it filed since) and returns the keys whose entries are to be removed. A key is released when its last
 * record in the page was taken in and the key has an entry; a key whose last record was held back stays (or
 * becomes) held, even if an earlier record of the page was taken in. Any store outcome but a rejection counts
 * as taken in: written, unchanged and stale all mean the store holds a valid version of the record (unchanged
 * is also what a page re-read after a crash between its commit and its release answers), and suppressed means
 * the store dropped it by an erasure on purpose, which no fix at the source changes. Updates `held`.
 */
export const settleQuarantine = (held: Set<string>, verdicts: readonly KeyVerdict[]): string[] => {
  const lastHeld = new Map<string, number>();
  const lastTakenIn = new Map<string, number>();
  for (const { key, position, heldBack } of verdicts) {
    const last = heldBack ? lastHeld : lastTakenIn;
    last.set(key, Math.max(position, last.get(key) ?? -1));
  }
  // Every held-back record was filed with this page, so its key has an entry now.
  for (const key of lastHeld.keys()) held.add(key);
  const released: string[] = [];
  for (const [key, position] of lastTakenIn) {
    // Strictly later: at one position (a raw record mapped to several canonical ones) a rejection outweighs the rest.
    if (position > (lastHeld.get(key) ?? -1) && held.delete(key)) released.push(key);
  }
  return released;
};
