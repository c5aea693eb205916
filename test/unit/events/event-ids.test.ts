import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChangeRecordSchema } from '../../../core/events/change-record.ts';
import { correlationIdFor, eventIdFor, recordEventIdFor } from '../../../core/events/event-ids.ts';

// Consumers deduplicate on these ids across deploys and replays, so their derivation is a contract:
// checked here against an independent sha256 over the NUL-separated parts.
const reference = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
const change = { keys: { pk: 'CUST#c1', sk: 'REC#order#1' }, sequenceNumber: '100' };

describe('eventIdFor', () => {
  it('is the first 32 hex digits of sha256 over item key, sequence number and detail type', () => {
    expect(eventIdFor(change, 'OrderRecorded')).toBe(
      reference('CUST#c1', 'REC#order#1', '100', 'OrderRecorded'),
    );
    expect(eventIdFor(change, 'OrderRecorded')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('tells apart keys that only differ in where pk ends and sk begins', () => {
    const left = eventIdFor({ keys: { pk: 'ab', sk: 'c' }, sequenceNumber: '1' }, 'T');
    const right = eventIdFor({ keys: { pk: 'a', sk: 'bc' }, sequenceNumber: '1' }, 'T');
    expect(left).not.toBe(right);
  });

  it('gives two events of one change different ids', () => {
    expect(eventIdFor(change, 'OrderRecorded')).not.toBe(eventIdFor(change, 'InvoiceOverdue'));
  });
});

describe('correlationIdFor', () => {
  it('is namespaced, so it never equals the event id of a change made of the same parts', () => {
    expect(correlationIdFor('a', 'b', 'c')).toBe(reference('correlation', 'a', 'b', 'c'));
    expect(correlationIdFor('b', 'c', 'd')).not.toBe(
      eventIdFor({ keys: { pk: '', sk: 'b' }, sequenceNumber: 'c' }, 'd'),
    );
  });
});

describe('recordEventIdFor', () => {
  it('is namespaced sha256 over record key, version and detail type: the same wherever the version is written', () => {
    expect(recordEventIdFor('order#sap-s4#so#1', '7', 'OrderRecorded')).toBe(
      reference('record', 'order#sap-s4#so#1', '7', 'OrderRecorded'),
    );
    expect(recordEventIdFor('order#sap-s4#so#1', '7', 'OrderRecorded')).not.toBe(
      recordEventIdFor('order#sap-s4#so#1', '8', 'OrderRecorded'),
    );
  });
});

describe('ChangeRecordSchema', () => {
  it('accepts inserts, modifications and removals, and nothing else', () => {
    for (const eventName of ['INSERT', 'MODIFY', 'REMOVE']) {
      expect(
        ChangeRecordSchema.safeParse({ eventName, sequenceNumber: '1', keys: { pk: 'p', sk: 's' } }).success,
      ).toBe(true);
    }
    expect(
      ChangeRecordSchema.safeParse({ eventName: 'UPDATE', sequenceNumber: '1', keys: { pk: 'p', sk: 's' } })
        .success,
    ).toBe(false);
    expect(
      ChangeRecordSchema.safeParse({ eventName: 'INSERT', sequenceNumber: '', keys: { pk: 'p', sk: 's' } })
        .success,
    ).toBe(false);
  });
});
