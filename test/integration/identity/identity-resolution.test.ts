import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import {
  anonymous,
  email,
  erp,
  exampleCustomer,
  exampleInteraction,
  exampleOrder,
  exampleWebActivity,
  phone,
  webUser,
} from '../../../schemas/entities/examples.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

let table: TestTable;
let store: DynamoCustomerStore;

beforeAll(async () => {
  table = await createTestTable('identity');
  store = createCustomerStore({
    tableName: table.tableName,
    documentClient: table.documentClient,
    baseDelayMs: 1,
    identity: { sourcePriority: { 'sap-s4': 10, 'bc-eu': 5 } },
  });
});
afterAll(async () => {
  await table.drop();
});

const ownerOf = async (
  type: 'erp' | 'email' | 'phone' | 'webUser' | 'anonymousId',
  value: string,
  scope?: string,
) => (await store.findCustomerByIdentifier(type, value, scope))?.customerId;

describe('identity resolution against DynamoDB', () => {
  let survivor = '';
  let mergeEntryId = '';
  let absorbed = '';

  it('merges two customers linked by a record and keeps the evidence in the ledger', async () => {
    // prepare: one SAP and one Business Central customer, unrelated so far
    await store.ingest([
      exampleCustomer(
        { key: '100', version: '2026-01-01T00:00:00Z' },
        [erp('100'), email('ada@example.com')],
        { name: 'Ada SAP' },
      ),
      exampleCustomer(
        { key: 'C7', system: 'bc-eu', version: '2026-01-02T00:00:00Z' },
        [erp('C7', 'bc-eu'), phone('+49 89 1234567')],
        { name: 'Ada BC', language: 'de' },
      ),
      exampleOrder({ key: 'SO-BC-1', system: 'bc-eu', version: '1' }, [erp('C7', 'bc-eu')]),
    ]);
    const sap = await ownerOf('erp', '100', 'sap-s4');
    const bc = await ownerOf('erp', 'C7', 'bc-eu');
    expect(sap).not.toBe(bc);

    // act: a call-center contact carries both the e-mail and the phone number
    const result = await store.ingest([
      exampleInteraction({ key: 'CALL-1', version: '1' }, [
        email('ADA@example.com '),
        phone('0049 89 1234567'),
      ]),
    ]);

    // assert
    expect(result.counts.written).toBe(1);
    survivor = (await ownerOf('email', 'ada@example.com')) ?? '';
    expect(await ownerOf('phone', '+49891234567')).toBe(survivor);
    absorbed = survivor === sap ? (bc ?? '') : (sap ?? '');
    const pointer = await store.getCustomer360(absorbed);
    expect(pointer).toMatchObject({ kind: 'merged', mergedInto: survivor });
    const view = await store.getCustomer360(survivor);
    expect(view.kind === 'found' && view.view.orders.map((o) => o.data.orderNumber)).toEqual(['SO-BC-1']);
    // survivorship: SAP outranks BC for the name; BC is the only source of the language
    expect(view.kind === 'found' && view.view.profile.name?.value).toBe('Ada SAP');
    expect(view.kind === 'found' && view.view.profile.language?.provenance.system).toBe('bc-eu');
    const explained = await store.explainIdentity(survivor);
    const merge = explained?.ledger.find((e) => e.kind === 'merge');
    expect(merge).toMatchObject({
      survivorId: survivor,
      mergedId: absorbed,
      evidence: { record: { key: 'CALL-1', entity: 'interaction' } },
    });
    expect(['email', 'phone']).toContain(merge?.evidence.identifier.type);
    mergeEntryId = merge?.entryId ?? '';
  });

  it('undoes the merge along the evidence, and a replay of the same records does not merge again', async () => {
    // act
    const result = await store.unmerge(survivor, mergeEntryId, {
      requestedBy: 'agent-7',
      reason: 'two different people',
    });

    // assert
    expect(result.kind).toBe('unmerged');
    const restored = await store.getCustomer360(absorbed);
    expect(restored.kind).toBe('found');
    const sapNow = await ownerOf('erp', '100', 'sap-s4');
    const bcNow = await ownerOf('erp', 'C7', 'bc-eu');
    expect(sapNow).not.toBe(bcNow);
    expect([sapNow, bcNow].sort()).toEqual([survivor, absorbed].sort());
    const bcView = await store.getCustomer360(bcNow ?? '');
    expect(bcView.kind === 'found' && bcView.view.orders.map((o) => o.data.orderNumber)).toEqual(['SO-BC-1']);
    const explained = await store.explainIdentity(survivor);
    expect(explained?.ledger.map((e) => e.kind)).toEqual(['merge', 'unmerge']);
    expect(explained?.ledger[1]).toMatchObject({ undoes: mergeEntryId, requestedBy: 'agent-7' });

    // a newer version of the linking record arrives: the separation holds
    await store.ingest([
      exampleInteraction({ key: 'CALL-1', version: '2' }, [email('ada@example.com'), phone('+49891234567')]),
    ]);
    expect(await ownerOf('erp', '100', 'sap-s4')).not.toBe(await ownerOf('erp', 'C7', 'bc-eu'));
  });

  it('records a conflict instead of merging two customers with different ERP numbers', async () => {
    // prepare
    await store.ingest([
      exampleCustomer({ key: '200', version: '1' }, [erp('200'), email('bob@example.com')]),
    ]);
    const first = await ownerOf('erp', '200', 'sap-s4');

    // act: another SAP business partner claims the same e-mail
    await store.ingest([
      exampleCustomer({ key: '201', version: '1' }, [erp('201'), email('bob@example.com')]),
    ]);

    // assert
    const second = await ownerOf('erp', '201', 'sap-s4');
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(await ownerOf('email', 'bob@example.com')).toBe(first);
    for (const id of [first, second]) {
      const view = await store.getCustomer360(id ?? '');
      expect(view.kind === 'found' && view.view.conflicts).toEqual([
        expect.objectContaining({
          kind: 'uniqueIdentifierClash',
          scope: 'erp:sap-s4',
          identifier: { type: 'email', value: 'bob@example.com' },
        }),
      ]);
    }
  });

  it('stitches an anonymous visitor on identify: earlier web activity joins the customer', async () => {
    // prepare: browsing before logging in, and the customer in SAP
    await store.ingest([
      exampleWebActivity({ key: 'm1', version: '1' }, [anonymous('anon-1')], {
        partNumber: 'P-9',
        timestamp: '2026-03-01T08:00:00Z',
      }),
      exampleCustomer({ key: '300', version: '1' }, [erp('300'), webUser('shop-300')]),
    ]);
    const anonymousCustomer = await ownerOf('anonymousId', 'anon-1');
    expect(anonymousCustomer).not.toBe(await ownerOf('erp', '300', 'sap-s4'));

    // act
    await store.ingest([
      exampleWebActivity({ key: 'm2', version: '1' }, [anonymous('anon-1'), webUser('shop-300')], {
        type: 'identify',
      }),
    ]);

    // assert
    const customer = await ownerOf('erp', '300', 'sap-s4');
    expect(await ownerOf('anonymousId', 'anon-1')).toBe(customer);
    const view = await store.getCustomer360(customer ?? '');
    expect(view.kind === 'found' && view.view.webActivity.map((w) => w.data.messageId).sort()).toEqual([
      'm1',
      'm2',
    ]);
  });

  it('splits a customer when a record stops carrying the identifier that linked it', async () => {
    // prepare: two records joined only by a shared e-mail
    await store.ingest([
      exampleCustomer({ key: '400', version: '1' }, [erp('400'), email('carl@example.com')]),
      exampleInteraction({ key: 'CALL-400', version: '1' }, [
        email('carl@example.com'),
        phone('+4930111222'),
      ]),
    ]);
    expect(await ownerOf('phone', '+4930111222')).toBe(await ownerOf('erp', '400', 'sap-s4'));

    // act: the ERP corrects the e-mail address
    await store.ingest([
      exampleCustomer({ key: '400', version: '2' }, [erp('400'), email('carl.new@example.com')]),
    ]);

    // assert
    expect(await ownerOf('phone', '+4930111222')).not.toBe(await ownerOf('erp', '400', 'sap-s4'));
    expect(await ownerOf('email', 'carl@example.com')).toBe(await ownerOf('phone', '+4930111222'));
  });
});
