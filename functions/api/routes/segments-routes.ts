import type { SegmentReads } from '../../../app/api/segment-reads.ts';
import { listSegmentMembersOperation } from '../../../schemas/api/operations/list-segment-members.ts';
import { listSegmentsOperation } from '../../../schemas/api/operations/list-segments.ts';
import { type ApiRoute, route } from '../http/api-handler.ts';
import { jsonResponse } from '../http/responses.ts';

/** The segment routes: every segment with its size, and one segment's members. */
export const segmentsRoutes = (reads: SegmentReads): ApiRoute[] => [
  route(listSegmentsOperation, async () => jsonResponse(200, await reads.list())),
  route(listSegmentMembersOperation, async ({ path, query }) =>
    jsonResponse(200, await reads.members(path.segment, query)),
  ),
];
