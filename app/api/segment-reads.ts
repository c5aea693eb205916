import { KNOWN_SEGMENTS } from '../../core/insights/store/segments.ts';
import type { SegmentIndex } from '../../core/ports/segment-index.ts';
import type { PageQuery } from '../../schemas/api/pagination.ts';
import type { SegmentList, SegmentMembersPage } from '../../schemas/api/segments.ts';
import { InvalidCursorError, InvalidRequestError } from './errors.ts';
import type { CursorCodec } from './http/cursor.ts';

export interface SegmentReadsDeps {
  readonly segments: SegmentIndex;
  readonly cursors: () => Promise<CursorCodec>;
  readonly now?: () => Date;
}

/** The listing a segment cursor belongs to, so it cannot page through another segment. */
const segmentListing = (segment: string) => `segment:${segment}`;

const KNOWN = new Set(KNOWN_SEGMENTS.map((s) => s.segment));

const isPosition = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === 'string');

/** The segment reads behind the query API: the segment list with sizes, and one segment's members. */
export const createSegmentReads = (deps: SegmentReadsDeps) => {
  const now = deps.now ?? (() => new Date());
  return {
    /**
     * Every known segment with its size: one COUNT Query per segment on the segment index (17 segments; each
     * reads the segment's index items, ½ RCU per 4 KB, and returns none), run in parallel.
     */
    async list(): Promise<SegmentList> {
      const asOf = now().toISOString();
      const sizes = await Promise.all(KNOWN_SEGMENTS.map((s) => deps.segments.count(s.segment)));
      return {
        asOf,
        segments: KNOWN_SEGMENTS.map((s, i) => ({ ...s, size: sizes[i] ?? 0 })),
      };
    },

    /**
     * One page of a segment's members, ordered by customer id, each with the name kept on its membership
     * (one index Query, no read per member); the cursor is signed for this segment.
     */
    async members(segment: string, page: PageQuery): Promise<SegmentMembersPage> {
      if (!KNOWN.has(segment)) {
        throw new InvalidRequestError([
          {
            in: 'path',
            field: 'segment',
            detail: `is not a segment the hub knows; known: ${[...KNOWN].join(', ')}`,
          },
        ]);
      }
      const cursors = await deps.cursors();
      const listing = segmentListing(segment);
      const position = page.cursor === undefined ? undefined : cursors.open(page.cursor, listing);
      if (position !== undefined && !isPosition(position)) throw new InvalidCursorError();
      const result = await deps.segments.members(segment, page.limit, position);
      return {
        items: result.members.map((m) => ({
          customerId: m.customerId,
          ...(m.displayName === undefined ? {} : { displayName: m.displayName }),
          since: m.since,
          reason: m.reason,
        })),
        ...(result.position ? { nextCursor: cursors.seal(result.position, listing) } : {}),
      };
    },
  };
};

export type SegmentReads = ReturnType<typeof createSegmentReads>;
