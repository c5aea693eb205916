import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { decideReactions } from '../../../app/reactions/decide-reactions.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';

// A record write that is no news (a merge moving it, or a version written again after its announced plain copy
// was taken back) decides nothing: the write that announced it did.

const NOW = new Date('2026-03-02T10:00:00Z');

const overdueInvoice = (cause: string): ChangeRecord => ({
  eventName: 'INSERT',
  sequenceNumber: '1',
  approximateCreationDateTime: NOW.getTime() / 1000,
  keys: { pk: 'CUST#C1', sk: 'REC#invoice#erp#s#INV-1' },
  newImage: {
    pk: 'CUST#C1',
    sk: 'REC#invoice#erp#s#INV-1',
    kind: 'record',
    entity: 'invoice',
    recordKey: 'invoice#erp#s#INV-1',
    customerId: 'C1',
    source: { system: 'erp', stream: 's', key: 'INV-1', version: '1' },
    identifiers: [],
    data: {
      invoiceNumber: 'INV-1',
      issuedOn: '2026-02-01',
      dueDate: '2026-03-01',
      amount: 1200,
      openAmount: 700,
      currency: 'EUR',
      status: 'open',
    },
    cause,
  },
});

const decisionsFor = async (cause: string) => {
  const backend = new MemoryBackend();
  const result = await decideReactions([overdueInvoice(cause)], { backend, now: () => NOW });
  expect(result.failedSequenceNumbers).toEqual([]);
  return [...backend.items.values()].filter((item) => item.kind === 'reaction').length;
};

describe('reaction decisions on record writes that are no news', () => {
  it('decides a payment follow-up for an ingested overdue invoice, and nothing for the same write as a move or a repeat', async () => {
    expect(await decisionsFor('ingest')).toBe(1);
    expect(await decisionsFor('move')).toBe(0);
    expect(await decisionsFor('repeat')).toBe(0);
  });
});
