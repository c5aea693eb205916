import type { ChangeRecord } from '../../events/change-record.ts';
import { keys } from '../../items/keys.ts';

/** Item kinds whose change can move a customer's insights: its records and its profile head (merge, erasure). */
const INSIGHT_INPUTS: ReadonlySet<unknown> = new Set(['record', 'profile']);

const CUSTOMER_PREFIX = keys.customer('');

/**
 * The customers a batch of table changes asks to recompute, each once, in first-seen order. The
 * insights' own items (INSIGHTS, memberships) are not inputs, so a recompute's writes never trigger
 * another recompute.
 */
export const customersToRecompute = (changes: readonly ChangeRecord[]): string[] => {
  const ids = new Set<string>();
  for (const change of changes) {
    if (!change.keys.pk.startsWith(CUSTOMER_PREFIX)) continue;
    const kind = change.newImage?.kind ?? change.oldImage?.kind;
    if (!INSIGHT_INPUTS.has(kind)) continue;
    ids.add(change.keys.pk.slice(CUSTOMER_PREFIX.length));
  }
  return [...ids];
};
