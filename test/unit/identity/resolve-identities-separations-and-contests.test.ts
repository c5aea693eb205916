import { describe, expect, it } from 'vitest';
import { resolveIdentities } from '../../../core/identity/resolve-identities.ts';
import { erp, mail, record, UNIQUE } from './identity-records.ts';

// The resolver's answer where several separations, conflicts or contesting customers meet: the worked
// examples in resolve-identities-examples.test.ts each have at most one of them, so a resolver that kept
// only the last separation of a record, only the last carrier of an identifier or only one conflict per
// identifier would pass those.

describe('resolveIdentities with several separations of one record', () => {
  it('keeps a record apart from the first record it was separated from when a later separation names it again', () => {
    // rA is separated from rB and then from rC: both must stay in force.
    const records = [record('rA', mail('a@x')), record('rB', mail('a@x'))];

    const resolution = resolveIdentities(
      records,
      [
        ['rA', 'rB'],
        ['rA', 'rC'],
      ],
      UNIQUE,
    );

    expect(resolution.clusters.map((c) => c.recordKeys)).toEqual([['rA'], ['rB']]);
  });

  it('keeps a record apart from a record that a later separation names as the second of its pair', () => {
    // rA is the second of both pairs: its separation from rB must survive the one from rC.
    const records = [record('rA', mail('a@x')), record('rB', mail('a@x'))];

    const resolution = resolveIdentities(
      records,
      [
        ['rB', 'rA'],
        ['rC', 'rA'],
      ],
      UNIQUE,
    );

    expect(resolution.clusters.map((c) => c.recordKeys)).toEqual([['rA'], ['rB']]);
  });

  it('refuses to join a customer when only one of its records is separated from the linking side', () => {
    // rB and rC form one customer by b@x; rD links it to rA's customer, but rA was separated from rB.
    const records = [
      record('rA', mail('a@x')),
      record('rB', mail('b@x')),
      record('rC', mail('b@x')),
      record('rD', mail('a@x'), mail('b@x')),
    ];

    const resolution = resolveIdentities(records, [['rA', 'rB']], UNIQUE);

    expect(resolution.clusters.map((c) => c.recordKeys)).toEqual([
      ['rA', 'rD'],
      ['rB', 'rC'],
    ]);
    expect(resolution.conflicts.map((c) => [c.kind, c.seeds, c.identifier.value])).toEqual([
      ['separatedByUnmerge', ['rA', 'rB'], 'b@x'],
    ]);
  });
});

describe('resolveIdentities with several customers contesting one identifier', () => {
  it('names every other customer carrying a contested identifier, in seed order, and each refused pair as its own conflict', () => {
    // r1 owns a@x with ERP 1. r3 carries a@x with ERP 3: it founds its own customer. r4 carries a@x, b@x
    // and ERP 2: it joins r2's customer (ERP 2), not r1's. So a@x is carried by r1's, r3's and r2's customers.
    const records = [
      record('r1', erp('sap-s4:1'), mail('a@x')),
      record('r2', erp('sap-s4:2'), mail('b@x')),
      record('r3', erp('sap-s4:3'), mail('a@x')),
      record('r4', mail('a@x'), mail('b@x'), erp('sap-s4:2')),
    ];

    const resolution = resolveIdentities(records, [], UNIQUE);

    expect(resolution.clusters.map((c) => c.recordKeys)).toEqual([['r1'], ['r2', 'r4'], ['r3']]);
    expect(resolution.owners.get('email:a@x')).toBe('r1');
    expect(resolution.contested.get('email:a@x')).toEqual(['r2', 'r3']);
    // Each conflict names the joining side's value first and the refusing owner's second.
    expect(resolution.conflicts.map((c) => [c.seeds, c.identifier.value, c.clashingValues])).toEqual([
      [['r1', 'r3'], 'a@x', ['sap-s4:3', 'sap-s4:1']],
      [['r1', 'r2'], 'a@x', ['sap-s4:2', 'sap-s4:1']],
    ]);
  });

  it('names the customer that later absorbed the refused side of a conflict', () => {
    // r3 joins r2 (ERP 2) and is refused by r1 (ERP 1) over a@x; then r4 (ERP 1, c@x) brings r1's customer
    // into r0's. The conflict stands between r0's and r2's customers.
    const records = [
      record('r0', mail('c@x')),
      record('r1', erp('sap-s4:1'), mail('a@x')),
      record('r2', erp('sap-s4:2')),
      record('r3', mail('a@x'), erp('sap-s4:2')),
      record('r4', erp('sap-s4:1'), mail('c@x')),
    ];

    const resolution = resolveIdentities(records, [], UNIQUE);

    expect(resolution.clusters.map((c) => c.recordKeys)).toEqual([
      ['r0', 'r1', 'r4'],
      ['r2', 'r3'],
    ]);
    expect(resolution.conflicts.map((c) => [c.kind, c.seeds, c.identifier.value])).toEqual([
      ['uniqueIdentifierClash', ['r0', 'r2'], 'a@x'],
    ]);
  });
});
