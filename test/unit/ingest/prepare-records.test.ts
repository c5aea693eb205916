import { describe, expect, it } from 'vitest';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { versionOrder } from '../../../core/identity/version-order.ts';
import { prepareRecords } from '../../../core/ingest/prepare-records.ts';
import type { RecordOutcome } from '../../../core/ports/customer-store.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';

const prepare = (inputs: readonly unknown[]) => prepareRecords(inputs, defaultIdentityConfig);
const reasonOf = (outcome: RecordOutcome | undefined): string =>
  outcome?.outcome === 'rejected' ? outcome.reason : `not rejected: ${outcome?.outcome}`;

describe('prepareRecords: rejections', () => {
  it('rejects what is not an object without inventing a record key, with the parser’s reason', () => {
    const { prepared, outcomes } = prepare([null, 'a text', 42]);

    expect(prepared).toEqual([]);
    expect(outcomes.map((o) => [o.index, o.outcome, 'recordKey' in o])).toEqual([
      [0, 'rejected', false],
      [1, 'rejected', false],
      [2, 'rejected', false],
    ]);
    expect(reasonOf(outcomes[0])).toMatch(/^\(root\): /);
  });

  it('names an invalid record by the key its entity and source fields give, and lists every issue', () => {
    const input = {
      entity: 'customer',
      source: { system: 'crm', stream: 'accounts', key: 'A-1' },
      identifiers: 7,
    };

    const { outcomes } = prepare([input]);

    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      index: 0,
      outcome: 'rejected',
      recordKey: 'customer#crm#accounts#A-1',
    });
    const reasons = reasonOf(outcomes[0]).split('; ');
    expect(reasons.length).toBeGreaterThan(1);
    expect(reasons.some((r) => r.startsWith('source.version'))).toBe(true);
    expect(reasons.some((r) => r.startsWith('identifiers'))).toBe(true);
  });

  it('gives no record key when the entity is not text, the source is missing or the source is null', () => {
    const { outcomes } = prepare([
      { entity: 7, source: { system: 's', stream: 't', key: 'k', version: '1' } },
      { entity: 'customer' },
      { entity: 'customer', source: null },
    ]);

    expect(outcomes.map((o) => [o.outcome, 'recordKey' in o ? o.recordKey : undefined])).toEqual([
      ['rejected', undefined],
      ['rejected', undefined],
      ['rejected', undefined],
    ]);
  });

  it('rejects a record carrying two values of a unique identifier type in one scope, naming the scope', () => {
    const { prepared, outcomes } = prepare([
      exampleCustomer({ key: '1', version: '1' }, [erp('1'), erp('2')]),
      exampleCustomer({ key: '2', version: '1' }, [erp('1'), erp('2', 'bc-eu')]),
    ]);

    expect(outcomes).toEqual([
      {
        index: 0,
        outcome: 'rejected',
        recordKey: 'customer#sap-s4#business-partners#1',
        reason:
          'identifiers: the record carries two different erp:sap-s4 identifiers, which are unique per customer',
      },
    ]);
    // Two ERP systems are two scopes: no clash.
    expect(prepared.map((p) => p.index)).toEqual([1]);
  });

  it('names every clashing scope of a record, separated by commas', () => {
    const { outcomes } = prepare([
      exampleCustomer({ key: '1', version: '1' }, [erp('1'), erp('2'), erp('1', 'bc-eu'), erp('2', 'bc-eu')]),
    ]);

    expect(reasonOf(outcomes[0])).toBe(
      'identifiers: the record carries two different erp:sap-s4, erp:bc-eu identifiers, which are unique per customer',
    );
  });
});

describe('prepareRecords: one version per source record', () => {
  it('keeps the newest version wherever it is in the page and marks the older ones stale by their index', () => {
    const { prepared, outcomes } = prepare([
      exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
      exampleCustomer({ key: '2', version: '1' }, [erp('2')]),
      exampleCustomer({ key: '1', version: '3' }, [erp('1')]),
      exampleCustomer({ key: '1', version: '2' }, [erp('1')]),
    ]);

    // The kept records come back in page order, although record 1's newest version arrived after record 2.
    expect(prepared.map((p) => [p.index, p.record.source.version])).toEqual([
      [1, '1'],
      [2, '3'],
    ]);
    expect(outcomes).toEqual([
      { index: 0, outcome: 'stale', recordKey: 'customer#sap-s4#business-partners#1' },
      { index: 3, outcome: 'stale', recordKey: 'customer#sap-s4#business-partners#1' },
    ]);
  });

  it('marks a repeat of the kept version unchanged and keeps the first of the two', () => {
    const { prepared, outcomes } = prepare([
      exampleOrder({ key: 'SO-1', version: '5' }, [erp('1')]),
      exampleOrder({ key: 'SO-1', version: '5' }, [erp('1')]),
    ]);

    expect(prepared.map((p) => p.index)).toEqual([0]);
    expect(outcomes).toEqual([
      { index: 1, outcome: 'unchanged', recordKey: 'order#sap-s4#sales-orders#SO-1' },
    ]);
  });

  it('prepares the stored form: deduplicated identifiers, link keys, record key and version order', () => {
    const { prepared } = prepare([
      exampleCustomer({ key: '1', version: '2026-03-01T10:00:00Z' }, [erp('1'), email('a@b.de'), erp('1')]),
    ]);

    expect(prepared).toHaveLength(1);
    const [entry] = prepared;
    expect(entry?.versionOrd).toBe(versionOrder('2026-03-01T10:00:00Z'));
    expect(entry?.record.recordKey).toBe('customer#sap-s4#business-partners#1');
    expect(entry?.record.identifiers).toHaveLength(2);
    expect(entry?.record.linkIds).toEqual(['erp:sap-s4:1', 'email:a@b.de']);
  });
});
