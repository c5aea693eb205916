import { describe, expect, it } from 'vitest';
import type { WriteOp } from '../../../core/items/write-ops.ts';
import {
  anonymisedPartIssue,
  lastRaisedAt,
  partIssueKey,
  partIssueRaisedItem,
  partIssuesOf,
  partIssueWithdrawal,
  partIssueWrites,
  supersededPartIssueKey,
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
const RECORD_KEY = 'interaction#callcenter#contacts#CASE-1';
/** The first version of the case's record, as its item carries it. */
const V1 = { recordKey: RECORD_KEY, versionOrd: `N${'1'.padStart(30, '0')}` };
const V2 = { recordKey: RECORD_KEY, versionOrd: `N${'2'.padStart(30, '0')}` };
/** The writes filing a case, as a change of its customer's record makes them. */
const filing = (customerId: string, interaction: InteractionData, filedBy = V1) =>
  partIssueWrites({ customerId, interaction, filedBy });
/** The index item of a case as its customer's change files it. */
const indexed = (customerId: string, interaction: InteractionData, filedBy = V1) =>
  putItem(filing(customerId, interaction, filedBy)[0]);

describe('the part issue index', () => {
  it('files complaints and returns about a part by when they happened, and nothing else', () => {
    expect(partIssueKey(complaint)).toEqual({ pk: 'PARTISSUE#P-9', sk: '2026-03-05T08:00:00Z#CASE-1' });
    expect(partIssueKey({ ...complaint, category: 'return' })?.pk).toBe('PARTISSUE#P-9');
    expect(partIssueKey({ ...complaint, category: 'question' })).toBeUndefined();
    expect(partIssueKey({ ...complaint, category: undefined })).toBeUndefined();
    const { partNumber: _none, ...aboutNoPart } = complaint;
    expect(partIssueKey(aboutNoPart)).toBeUndefined();
    expect(filing('C1', { ...complaint, category: 'question' })).toEqual([]);
    expect(filing('C1', aboutNoPart)).toEqual([]);
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

  it('keeps what the threshold and the evidence use and who filed it, for 400 days, unless the customer was erased or is being erased, or the record moved on', () => {
    expect(filing('C1', complaint)).toEqual([
      {
        op: 'put',
        item: {
          pk: 'PARTISSUE#P-9',
          sk: '2026-03-05T08:00:00Z#CASE-1',
          kind: 'partIssue',
          customerId: 'C1',
          recordKey: RECORD_KEY,
          versionOrd: V1.versionOrd,
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
      { op: 'check', key: { pk: 'CUST#C1', sk: 'ERASURE#UNDERWAY' }, condition: { kind: 'absent' } },
      {
        op: 'check',
        key: { pk: 'CUST#C1', sk: `REC#${RECORD_KEY}` },
        condition: { kind: 'matches', attributes: { versionOrd: V1.versionOrd } },
      },
      {
        op: 'check',
        key: { pk: `SRC#${RECORD_KEY}`, sk: 'LOCATOR' },
        condition: { kind: 'unversionedOrNotNewer', versionOrd: V1.versionOrd },
      },
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
        recordKey: RECORD_KEY,
        versionOrd: V1.versionOrd,
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

describe('a case the source corrected or deleted leaves the index', () => {
  const corrected = { ...complaint, occurredAt: '2026-03-04T17:00:00Z' };
  const filedAtFirst = { pk: 'PARTISSUE#P-9', sk: '2026-03-05T08:00:00Z#CASE-1' };

  it('withdraws the old key when the time, the part or the category changed, or the record is gone', () => {
    expect(supersededPartIssueKey(complaint, corrected)).toEqual(filedAtFirst);
    expect(supersededPartIssueKey(complaint, { ...complaint, partNumber: 'P-10' })).toEqual(filedAtFirst);
    expect(supersededPartIssueKey(complaint, { ...complaint, category: 'question' })).toEqual(filedAtFirst);
    expect(supersededPartIssueKey(complaint, { ...complaint, category: 'return' })).toBeUndefined();
    expect(supersededPartIssueKey(complaint, undefined)).toEqual(filedAtFirst);
  });

  it('withdraws nothing a version filed under the key the record still files it, or that filed nothing', () => {
    expect(supersededPartIssueKey(complaint, { ...complaint, subject: 'Pump leaks badly' })).toBeUndefined();
    expect(supersededPartIssueKey({ ...complaint, category: 'question' }, corrected)).toBeUndefined();
    expect(supersededPartIssueKey(undefined, corrected)).toBeUndefined();
    expect(supersededPartIssueKey(undefined, undefined)).toBeUndefined();
  });

  it('deletes the item as read, when the record filed it at that version or an older one', () => {
    const stored = indexed('C1', complaint);

    expect(partIssueWithdrawal(stored, V1)).toEqual({
      op: 'delete',
      key: filedAtFirst,
      condition: {
        kind: 'matches',
        attributes: { customerId: 'C1', recordKey: RECORD_KEY, versionOrd: V1.versionOrd },
      },
    });
    expect(partIssueWithdrawal(stored, V2)?.op).toBe('delete');
  });

  it('takes an item filed before the index said who filed it, only while it is as read', () => {
    const { recordKey: _r, versionOrd: _v, ...unsigned } = indexed('C1', complaint);

    expect(partIssueWithdrawal(unsigned, V1)).toEqual({
      op: 'delete',
      key: filedAtFirst,
      condition: { kind: 'matches', attributes: { customerId: 'C1', recordKey: null, versionOrd: null } },
    });
  });

  it('leaves a filing of a newer version, of another record, an anonymised case and an absent item alone', () => {
    const newer = indexed('C1', complaint, V2);
    const otherSystem = indexed('C1', complaint, { ...V1, recordKey: 'interaction#crm#cases#CASE-1' });
    const anonymised = putItem(anonymisedPartIssue(indexed('C1', complaint)));

    expect(partIssueWithdrawal(newer, V1)).toBeUndefined();
    expect(partIssueWithdrawal(otherSystem, V1)).toBeUndefined();
    expect(partIssueWithdrawal(anonymised, V1)).toBeUndefined();
    expect(partIssueWithdrawal(undefined, V1)).toBeUndefined();
  });
});
