/** One member of an insight segment as the segment index holds it. */
export interface SegmentIndexMember {
  readonly customerId: string;
  readonly since: string;
  readonly reason: string;
  /** The customer's name as it was when the membership was last written. */
  readonly displayName?: string;
}

/** A page of segment members; `position` is the index's own resume point (the API seals it into a cursor). */
export interface SegmentIndexPage {
  readonly members: readonly SegmentIndexMember[];
  readonly position?: Record<string, unknown>;
}

/** The sparse segment index (gsi1 `SEGMENT#<kind>:<value>`): listing and counting without a table scan. */
export interface SegmentIndex {
  /** One page of a segment's members, ordered by customer id. */
  members(segment: string, limit: number, position?: Record<string, unknown>): Promise<SegmentIndexPage>;
  /** How many customers a segment holds (a COUNT Query: reads the segment's index items, returns none). */
  count(segment: string): Promise<number>;
}
