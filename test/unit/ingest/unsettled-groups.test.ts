import { describe, expect, it } from 'vitest';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { email, erp, exampleCustomer, webUser } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';
import { ScriptedBackend } from './unsettled-groups-fixtures.ts';

// Records whose identity is not settled are restructured one at a time per group of related records, and
// unrelated groups side by side (issue 11: records that create or merge customers were one at a time).

/** Two customers, 1 (erp 1, a@x.de) and 2 (erp 2, b@x.de), each the only record of its customer. */
const twoCustomers = async () => {
  const backend = new ScriptedBackend();
  const deps = memoryIngestDeps(backend);
  await ingestPage(
    [
      exampleCustomer({ key: '1', version: '1' }, [erp('1'), email('a@x.de')]),
      exampleCustomer({ key: '2', version: '1' }, [erp('2'), email('b@x.de')]),
    ],
    deps,
  );
  backend.maxInFlight = 0;
  backend.commits = 0;
  return { backend, deps };
};

describe('ingestPage: unsettled records in groups', () => {
  it('restructures two unrelated customers whose identifiers changed side by side, each ending with its new e-mail', async () => {
    const { backend, deps } = await twoCustomers();

    const result = await ingestPage(
      [
        exampleCustomer({ key: '1', version: '2' }, [erp('1'), email('a2@x.de')]),
        exampleCustomer({ key: '2', version: '2' }, [erp('2'), email('b2@x.de')]),
      ],
      deps,
    );

    expect(result.counts.written).toBe(2);
    expect(backend.maxInFlight).toBe(2);
    expect(backend.ownerOf('email:a2@x.de')).toBe(backend.ownerOf('erp:sap-s4:1'));
    expect(backend.ownerOf('email:b2@x.de')).toBe(backend.ownerOf('erp:sap-s4:2'));
    expect(backend.ownerOf('email:a@x.de')).toBeUndefined();
  });

  it('restructures two records of one stored customer one after the other although they share no identifier in the page', async () => {
    const { backend, deps } = await twoCustomers();
    // A web account of customer 1, joined to it by a@x.de.
    await ingestPage([exampleCustomer({ key: '3', version: '1' }, [email('a@x.de'), webUser('w1')])], deps);
    backend.maxInFlight = 0;

    const result = await ingestPage(
      [
        // Neither shares an identifier with the other any more: customer 1 trades a@x.de for a3@x.de, the web
        // account keeps a@x.de and changes its web user. They split, yet both start from the same customer.
        exampleCustomer({ key: '1', version: '2' }, [erp('1'), email('a3@x.de')]),
        exampleCustomer({ key: '3', version: '2' }, [email('a@x.de'), webUser('w2')]),
      ],
      deps,
    );

    expect(result.counts.written).toBe(2);
    expect(backend.maxInFlight).toBe(1);
    expect(backend.ownerOf('email:a3@x.de')).toBe(backend.ownerOf('erp:sap-s4:1'));
    expect(backend.ownerOf('webUser:w2')).toBe(backend.ownerOf('email:a@x.de'));
    expect(backend.ownerOf('webUser:w2')).not.toBe(backend.ownerOf('erp:sap-s4:1'));
  });

  it('ingests a record again after the page’s other groups when its group lost every attempt side by side, instead of failing the page', async () => {
    const { backend, deps } = await twoCustomers();
    // maxAttempts is 3: both groups lose all three of their commits while running side by side.
    backend.losing = new Set([1, 2, 3, 4, 5, 6]);

    const result = await ingestPage(
      [
        exampleCustomer({ key: '1', version: '2' }, [erp('1'), email('a2@x.de')]),
        exampleCustomer({ key: '2', version: '2' }, [erp('2'), email('b2@x.de')]),
      ],
      deps,
    );

    expect(result.counts.written).toBe(2);
    expect(backend.commits).toBe(8);
    expect(backend.ownerOf('email:a2@x.de')).toBe(backend.ownerOf('erp:sap-s4:1'));
    expect(backend.ownerOf('email:b2@x.de')).toBe(backend.ownerOf('erp:sap-s4:2'));
  });

  it('still fails the page naming the record when it loses every attempt again on its own', async () => {
    const { backend, deps } = await twoCustomers();
    backend.losing = new Set(Array.from({ length: 100 }, (_, i) => i + 1));

    await expect(
      ingestPage([exampleCustomer({ key: '1', version: '2' }, [erp('1'), email('a2@x.de')])], deps),
    ).rejects.toThrow(
      'record customer#sap-s4#business-partners#1: identity resolution kept racing with concurrent writes after 3 attempts',
    );
  });

  it('starts no further group once one failed with an error other than a lost race, and fails the page with it once the group beside it has finished', async () => {
    const backend = new ScriptedBackend();
    const deps = memoryIngestDeps(backend, { unsettledConcurrency: 2 });
    await ingestPage(
      ['1', '2', '3'].map((key) => exampleCustomer({ key, version: '1' }, [erp(key), email(`${key}@x.de`)])),
      deps,
    );
    backend.commits = 0;
    backend.written = [];
    // The first restructuring's commit fails; the second group runs beside it; the third must not start.
    backend.throwing = new Set([1]);

    await expect(
      ingestPage(
        ['1', '2', '3'].map((key) =>
          exampleCustomer({ key, version: '2' }, [erp(key), email(`${key}-new@x.de`)]),
        ),
        deps,
      ),
    ).rejects.toThrow('connection reset by the store');

    expect(backend.commits).toBe(2);
    expect(backend.written.flat()).not.toContain('3');
  });
});
