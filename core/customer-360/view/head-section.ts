import type { RecordImage } from './record-image.ts';
import type { ViewLimits } from './view-limits.ts';
import { emptyList, insertIntoList, removeFromList } from './view-lists.ts';
import type { HeadState } from './view-state.ts';

type Image = Readonly<Record<string, unknown>>;

export const emptyHead = (): HeadState => ({
  customerSources: emptyList(),
  identifiers: {},
  conflicts: {},
  statusLatest: {},
  statusHistory: emptyList(),
  truncated: [],
});

const changeOf = (image: Image): Record<string, unknown> | undefined => {
  const change = image.change;
  return typeof change === 'object' &&
    // Stryker disable next-line ConditionalExpression: a null change would come back as null, which the caller's `!change` refuses like undefined.
    change !== null
    ? (change as Record<string, unknown>)
    : undefined;
};

/** The head's part of one change: customer records, identifier mirrors, conflicts, status, insights, profile. */
export const applyHeadChange = (
  head: HeadState,
  sk: string,
  previous: Image | undefined,
  next: Image | undefined,
  records: { readonly previous?: RecordImage; readonly next?: RecordImage },
  limits: ViewLimits,
): boolean => {
  // Stryker disable next-line OptionalChaining: a change always has one image (its section was taken from it).
  const kind = (next ?? previous)?.kind;
  switch (kind) {
    case 'profile':
      if (next)
        head.basis = {
          rev: typeof next.rev === 'number' ? next.rev : 0,
          writes: typeof next.writes === 'number' ? next.writes : 0,
          status: String(next.status),
        };
      return false;
    case 'identifierMirror':
      if (next) head.identifiers[sk] = next.identifier;
      else delete head.identifiers[sk];
      return false;
    case 'conflict':
      if (next) head.conflicts[sk] = { ...(next.conflict as object), detectedAt: next.detectedAt };
      else delete head.conflicts[sk];
      return false;
    case 'insights':
      if (next) head.insights = next.detail;
      else delete head.insights;
      return false;
    case 'status': {
      const change = next ? changeOf(next) : undefined;
      // Keyed by sort key: a change seen again replaces its entry instead of adding a second one.
      if (previous || head.statusHistory.entries.some((e) => e.recordKey === sk))
        removeFromList(head.statusHistory, sk, true);
      if (!change) return previous !== undefined;
      const changedAt = String(change.changedAt ?? '');
      insertIntoList(
        head.statusHistory,
        { recordKey: sk, versionOrd: changedAt, at: changedAt, source: {}, data: change },
        true,
        limits.recentItems,
      );
      const dimension = String(change.dimension ?? '');
      const latest = head.statusLatest[dimension] as { changedAt?: string } | undefined;
      if (!latest || String(latest.changedAt ?? '') <= changedAt) head.statusLatest[dimension] = change;
      return false;
    }
    case 'record': {
      let lost = false;
      if (records.previous?.data) {
        const wasTruncated = head.customerSources.entries.length < head.customerSources.total;
        lost = removeFromList(head.customerSources, records.previous.recordKey, true) && wasTruncated;
      }
      if (records.next?.data) {
        insertIntoList(
          head.customerSources,
          {
            recordKey: records.next.recordKey,
            versionOrd: records.next.versionOrd,
            at: records.next.versionOrd,
            source: records.next.source,
            data: records.next.data,
          },
          true,
          limits.customerSources,
        );
        lost = false;
      }
      return lost;
    }
    default:
      return false;
  }
};
