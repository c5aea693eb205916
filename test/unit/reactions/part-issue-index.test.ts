import { describe, expect, it } from 'vitest';
import type { WriteOp } from '../../../core/items/write-ops.ts';
import {
  anonymisedPartIssue,
  lastRaisedAt,
  partIssueKey,
  partIssueRaisedItem,
  partIssuesOf,
  partIssueWrites,
} from '../../../core/reactions/part-issue-index.ts';
import type { InteractionData } from '../../../schemas/entities/interaction.ts';

// The part issue index holds complaints and returns of many customers about one part, outside their partitions:
// what it keeps of a case, what an erasure leaves of it, and that a change of an erased customer adds nothing.

const complaint: InteractionData = {
  interactionId: 'CASE-1',
  kind: 'serviceCase',
  channel: 'phone',
  direction: 'inbound',
  occurredAt: '2026-03-05T08:00:00Z',
  closedAt: '2026-03-06T08:00:00Z',
  agent: 'Anna Agent',
  contactPerson: 'Dora Doe',
  subject: 'Pump leaks',
  category: 'complaint',
  outcome: 'replacement sent',
  status: 'closed',
  partNumber: 'P-9',
  serialNumber: 'SN-1',
};

/** The item a put writes (the index's writes and the erasure's rewrite are puts). */
const putItem = (op: WriteOp | undefined) => {
  if (op?.op !== 'put') throw new Error('no put');
  return op.item;
};
/** The index item of a case as its customer's change files it. */
const indexed = (customerId: string, interaction: InteractionData) =>
  putItem(partIssueWrites(customerId, interaction)[0]);

describe('the part issue index', () => {
  it('files complaints and returns about a part by when they happened, and nothing else', () => {
    expect(partIssueKey(complaint)).toEqual({ pk: 'PARTISSUE#P-9', sk: '2026-03-05T08:00:00Z#CASE-1' });
    expect(partIssueKey({ ...complaint, category: 'return' })?.pk).toBe('PARTISSUE#P-9');
    expect(partIssueKey({ ...complaint, category: 'question' })).toBeUndefined();
    expect(partIssueKey({ ...complaint, category: undefined })).toBeUndefined();
    const { partNumber: _none, ...aboutNoPart } = complaint;
    expect(partIssueKey(aboutNoPart)).toBeUndefined();
    expect(partIssueWrites('C1', { ...complaint, category: 'question' })).toEqual([]);
    expect(partIssueWrites('C1', aboutNoPart)).toEqual([]);
  });

  it('keeps no subject or serial number a case does not have', () => {
    const { subject: _s, serialNumber: _n, ...bare } = complaint;
    expect(indexed('C1', bare).interaction).toStrictEqual({
      interactionId: 'CASE-1',
      kind: 'serviceCase',
      channel: 'phone',
      occurredAt: '2026-03-05T08:00:00Z',
      category: 'complaint',
      partNumber: 'P-9',
    });
  });

  it('keeps what the threshold and the evidence use, for 400 days, unless the customer was erased meanwhile', () => {
    expect(partIssueWrites('C1', complaint)).toEqual([
      {
        op: 'put',
        item: {
          pk: 'PARTISSUE#P-9',
          sk: '2026-03-05T08:00:00Z#CASE-1',
          kind: 'partIssue',
          customerId: 'C1',
          interaction: {
            interactionId: 'CASE-1',
            kind: 'serviceCase',
            channel: 'phone',
            occurredAt: '2026-03-05T08:00:00Z',
            category: 'complaint',
            partNumber: 'P-9',
            subject: 'Pump leaks',
            serialNumber: 'SN-1',
          },
          expiresAt: Date.parse('2027-04-09T08:00:00Z') / 1000,
        },
      },
      { op: 'check', key: { pk: 'CUST#C1', sk: 'ERASURE' }, condition: { kind: 'absent' } },
    ]);
  });

  it("leaves a case of an erased customer counting, without the customer, the subject or the unit's serial", () => {
    const item = indexed('C1', complaint);

    expect(anonymisedPartIssue(item)).toEqual({
      op: 'put',
      item: {
        pk: 'PARTISSUE#P-9',
        sk: '2026-03-05T08:00:00Z#CASE-1',
        kind: 'partIssue',
        interaction: {
          interactionId: 'CASE-1',
          kind: 'serviceCase',
          channel: 'phone',
          occurredAt: '2026-03-05T08:00:00Z',
          category: 'complaint',
          partNumber: 'P-9',
        },
        expiresAt: item.expiresAt,
      },
      condition: { kind: 'matches', attributes: { customerId: 'C1' } },
    });
  });

  it('reads the cases of a partition, with or without their customer, and when a change request was last raised', () => {
    const mine = indexed('C1', complaint);
    const anonymous = putItem(anonymisedPartIssue(indexed('C2', { ...complaint, interactionId: 'CASE-2' })));
    const raised = partIssueRaisedItem('P-9', '2026-03-05T09:00:00Z');

    const cases = partIssuesOf([mine, anonymous, raised]);

    expect(cases.map((c) => [c.interaction.interactionId, c.customerId])).toEqual([
      ['CASE-1', 'C1'],
      ['CASE-2', undefined],
    ]);
    expect(cases[1]).not.toHaveProperty('customerId');
    expect(raised).toEqual({ pk: 'PARTISSUE#P-9', sk: '~RAISED', at: '2026-03-05T09:00:00Z' });
    expect(lastRaisedAt([mine, raised])).toBe('2026-03-05T09:00:00Z');
    expect(lastRaisedAt([mine])).toBeUndefined();
  });
});
