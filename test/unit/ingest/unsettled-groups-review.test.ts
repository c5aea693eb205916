import { describe, expect, it } from 'vitest';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { keys } from '../../../core/items/keys.ts';
import { email, erp, exampleCustomer, webUser } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';
import { ScriptedBackend } from './unsettled-groups-fixtures.ts';

// Survivors of the mutation run over the grouped unsettled path (issue 17): which customer ties records
// into one group, and what happens to a group whose record lost every attempt or failed for another reason.

/** Customer 1 with two records (1: erp 1 + a@x.de; 3: a@x.de + web user w1) and customer 2 (record 2). */
const storedCustomers = async () => {
  const backend = new ScriptedBackend();
  // Plain writes on: one test loses their commit points (`losingLocatorWrites`).
  const deps = memoryIngestDeps(backend, { plainWrites: true });
  await ingestPage(
    [
      exampleCustomer({ key: '1', version: '1' }, [erp('1'), email('a@x.de')]),
      exampleCustomer({ key: '2', version: '1' }, [erp('2'), email('b@x.de')]),
      exampleCustomer({ key: '3', version: '1' }, [email('a@x.de'), webUser('w1')]),
    ],
    deps,
  );
  backend.maxInFlight = 0;
  backend.commits = 0;
  backend.readBeforeCommit = [];
  backend.written = [];
  return { backend, deps };
};

/** Both records of customer 1 change their identifiers: one group of two, page order 1, 3. */
const customerOnePage = () => [
  exampleCustomer({ key: '1', version: '2' }, [erp('1'), email('a3@x.de')]),
  exampleCustomer({ key: '3', version: '2' }, [email('a@x.de'), webUser('w2')]),
];

describe('ingestPage: what ties unsettled records together', () => {
  it('keeps a record whose identifiers all changed in the group of its stored customer, found by its locator', async () => {
    // prepare
    const { backend, deps } = await storedCustomers();

    // act: record 1 now carries nothing any customer owns; only its locator names customer 1
    const result = await ingestPage(
      [
        exampleCustomer({ key: '1', version: '2' }, [erp('9'), email('z@x.de')]),
        exampleCustomer({ key: '3', version: '2' }, [email('a@x.de'), webUser('w2')]),
      ],
      deps,
    );

    // assert
    expect(result.counts.written).toBe(2);
    expect(backend.maxInFlight).toBe(1);
  });

  it('keeps records that lost their settled writes in every round in the group of the customer they were written to', async () => {
    // prepare: record 4 (web user w1 only) of customer 1; records 1 and 4 share no identifier
    const { backend, deps } = await storedCustomers();
    await ingestPage([exampleCustomer({ key: '4', version: '1' }, [webUser('w1')])], deps);
    backend.maxInFlight = 0;
    backend.commits = 0;
    backend.losingLocatorWrites = 6;

    // act: unchanged identifiers, so both take the settled path (plain writes of a known customer), and lose
    // the commit point of each of its three rounds
    const result = await ingestPage(
      [
        exampleCustomer({ key: '1', version: '2' }, [erp('1'), email('a@x.de')]),
        exampleCustomer({ key: '4', version: '2' }, [webUser('w1')]),
      ],
      deps,
    );

    // assert: restructured one after the other, as both belong to customer 1
    expect(result.counts.written).toBe(2);
    expect(backend.commits).toBeGreaterThan(3);
    expect(backend.maxInFlight).toBe(1);
  });

  it('keeps a new record in the group of the customers owning its identifiers', async () => {
    // prepare
    const { backend, deps } = await storedCustomers();
    const customerTwo = keys.customer(String(backend.ownerOf('erp:sap-s4:2')));

    // act: record 1 changes its e-mail (customer 1); new record 6 carries a@x.de (customer 1's) and b@x.de
    // (customer 2's), linking the two: no identifier in common with record 1, but both start from customer 1
    const result = await ingestPage(
      [
        exampleCustomer({ key: '1', version: '2' }, [erp('1'), email('a3@x.de')]),
        exampleCustomer({ key: '6', version: '1' }, [email('a@x.de'), email('b@x.de')]),
      ],
      deps,
    );

    // assert: record 6's restructuring (which reads customer 2) starts only after record 1's commit
    expect(result.counts.written).toBe(2);
    expect(backend.readBeforeCommit).not.toContain(customerTwo);
  });

  it('keeps a record whose locator still names a customer merged away in the group of the customer it went into', async () => {
    // prepare: customers c1 (record 7) and c2 (record 8) merge into c1 through record 9; record 8's locator
    // is then left pointing at c2, as a dormant pointer the readers follow through c2's `mergedInto`
    const backend = new ScriptedBackend();
    const deps = memoryIngestDeps(backend);
    await ingestPage(
      [
        exampleCustomer({ key: '7', version: '1' }, [email('x@x.de')]),
        exampleCustomer({ key: '8', version: '1' }, [email('y@x.de')]),
      ],
      deps,
    );
    await ingestPage([exampleCustomer({ key: '9', version: '1' }, [email('x@x.de'), email('y@x.de')])], deps);
    const locatorKey = 'SRC#customer#sap-s4#business-partners#8\u0000LOCATOR';
    const locator = backend.items.get(locatorKey);
    if (!locator) throw new Error('record 8 has no locator');
    backend.items.set(locatorKey, { ...locator, customerId: 'c2' });
    backend.maxInFlight = 0;

    // act: both records change their e-mail; they share no identifier, only (through c2) customer c1
    const result = await ingestPage(
      [
        exampleCustomer({ key: '8', version: '2' }, [email('y2@x.de')]),
        exampleCustomer({ key: '7', version: '2' }, [email('x3@x.de')]),
      ],
      deps,
    );

    // assert: one after the other
    expect(result.counts.written).toBe(2);
    expect(backend.maxInFlight).toBe(1);
  });

  it('ingests a record whose identifier is contested by a customer the snapshot read no profile of', async () => {
    // prepare: a@x.de (customer 1) is also claimed by c9, a customer without a stored profile
    const { backend, deps } = await storedCustomers();
    const ownerKey = `${keys.identifier('email:a@x.de')}\u0000${keys.owner}`;
    const owner = backend.items.get(ownerKey);
    if (!owner) throw new Error('a@x.de has no owner');
    backend.items.set(ownerKey, { ...owner, contestedBy: ['c9'] });

    // act
    const result = await ingestPage(
      [exampleCustomer({ key: '3', version: '2' }, [email('a@x.de'), webUser('w2')])],
      deps,
    );

    // assert
    expect(result.outcomes).toHaveLength(1);
  });
});

describe('ingestPage: a group that lost its races', () => {
  it('ingests the whole rest of a group again once when its first record lost every attempt, each record once', async () => {
    // prepare: the group's first record loses its three commits
    const { backend, deps } = await storedCustomers();
    backend.losing = new Set([1, 2, 3]);

    // act
    const result = await ingestPage(customerOnePage(), deps);

    // assert
    expect(result.outcomes.map((o) => [o.index, o.outcome])).toEqual([
      [0, 'written'],
      [1, 'written'],
    ]);
    expect(backend.ownerOf('email:a3@x.de')).toBe(backend.ownerOf('erp:sap-s4:1'));
    expect(backend.ownerOf('webUser:w2')).toBe(backend.ownerOf('email:a@x.de'));
  });

  it('ingests again only the record that lost, not the records of its group written before it', async () => {
    // prepare: the first record's commit goes through, the second record loses its three
    const { backend, deps } = await storedCustomers();
    backend.losing = new Set([2, 3, 4]);

    // act
    const result = await ingestPage(customerOnePage(), deps);

    // assert
    expect(result.outcomes.map((o) => [o.index, o.outcome])).toEqual([
      [0, 'written'],
      [1, 'written'],
    ]);
    expect(backend.commits).toBe(5);
  });

  it('fails the page on an error that is not a lost race, instead of trying the record again', async () => {
    // prepare
    const { backend, deps } = await storedCustomers();
    backend.throwing = new Set([1]);

    // act + assert
    await expect(ingestPage(customerOnePage(), deps)).rejects.toThrow('connection reset by the store');
  });

  it('ingests the records that lost their races again in page order, whichever group lost first', async () => {
    // prepare: record 4 of customer 2 (b@x.de + web user w4); groups: records 1 and 3 (customer 1), 2 and 4
    // (customer 2). Record 1 goes through; records 2 and 3 lose every attempt, record 2's group first.
    const { backend, deps } = await storedCustomers();
    await ingestPage([exampleCustomer({ key: '4', version: '1' }, [email('b@x.de'), webUser('w4')])], deps);
    backend.commits = 0;
    backend.written = [];
    backend.losing = new Set([2, 3, 4, 5, 6, 7]);

    // act
    const result = await ingestPage(
      [
        exampleCustomer({ key: '1', version: '2' }, [erp('1'), email('a3@x.de')]),
        exampleCustomer({ key: '2', version: '2' }, [erp('2'), email('b2@x.de')]),
        exampleCustomer({ key: '3', version: '2' }, [email('a@x.de'), webUser('w2')]),
        exampleCustomer({ key: '4', version: '2' }, [email('b@x.de'), webUser('w5')]),
      ],
      deps,
    );

    // assert
    expect(result.counts.written).toBe(4);
    // record 1 (with its customer's record 3), then after the losses record 2 (with 4), 3, 4: in page order (within a
    // commit, the incoming record's locator comes last, as the restructuring's commit point)
    expect(backend.written).toEqual([['3', '1'], ['4', '2'], ['3'], ['4']]);
  });

  it('fails the page with an IdentityRaceError when a record loses every attempt again on its own', async () => {
    // prepare
    const { backend, deps } = await storedCustomers();
    backend.losing = new Set(Array.from({ length: 20 }, (_, i) => i + 1));

    // act + assert
    await expect(ingestPage(customerOnePage(), deps)).rejects.toMatchObject({ name: 'IdentityRaceError' });
  });
});
