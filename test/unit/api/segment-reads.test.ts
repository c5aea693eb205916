import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { InvalidCursorError, InvalidRequestError } from '../../../app/api/errors.ts';
import { createCursorCodec } from '../../../app/api/http/cursor.ts';
import { createSegmentReads } from '../../../app/api/segment-reads.ts';
import { recomputeCustomerInsights } from '../../../app/insights/recompute-insights.ts';
import { SegmentListSchema, SegmentMembersPageSchema } from '../../../schemas/api/segments.ts';
import { defaultInsightsConfig } from '../../../schemas/config/insights-config.ts';
import { order } from '../insights/records.ts';
import { memorySegmentIndex, seedCustomer } from '../insights/wiring-fixtures.ts';

const codec = createCursorCodec(new Uint8Array(32).fill(7));

const prepared = async () => {
  const backend = new MemoryBackend();
  seedCustomer(backend, 'C1', [order('SO-1', '2025-05-20T10:00:00Z', 5000)]);
  seedCustomer(backend, 'C2', [order('SO-2', '2025-05-22T10:00:00Z', 700)]);
  const deps = { backend, config: defaultInsightsConfig, now: () => '2025-06-01T00:00:00.000Z' };
  for (const id of ['C1', 'C2']) await recomputeCustomerInsights(deps, id, { rfmBoundaries: null });
  return createSegmentReads({
    segments: memorySegmentIndex(backend),
    cursors: async () => codec,
    now: () => new Date('2025-06-01T00:00:00Z'),
  });
};

describe('segment reads', () => {
  it('lists every segment, empty ones included, with sizes equal to the members listed', async () => {
    // prepare
    const reads = await prepared();
    // act
    const list = SegmentListSchema.parse(await reads.list());
    const firstTime = SegmentMembersPageSchema.parse(
      await reads.members('lifecycle:first-time', { limit: 25 }),
    );
    // assert
    expect(list.segments).toHaveLength(17);
    expect(list.segments.find((s) => s.segment === 'lifecycle:first-time')?.size).toBe(2);
    expect(list.segments.find((s) => s.segment === 'key:key-customer')?.size).toBe(0);
    expect(firstTime.items.map((m) => m.customerId)).toEqual(['C1', 'C2']);
  });

  it('refuses an unknown segment naming the known ones, and a cursor sealed for another segment', async () => {
    // prepare
    const reads = await prepared();
    const foreign = codec.seal({ gsi1pk: 'x' }, 'segment:risk:high');
    // act / assert
    await expect(reads.members('lifecycle:asleep', { limit: 25 })).rejects.toThrow(InvalidRequestError);
    await expect(reads.members('lifecycle:dormant', { limit: 25, cursor: foreign })).rejects.toThrow(
      InvalidCursorError,
    );
  });
});
