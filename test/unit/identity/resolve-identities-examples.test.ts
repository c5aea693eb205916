import { describe, expect, it } from 'vitest';
import { type IdentityRecord, resolveIdentities } from '../../../core/identity/resolve-identities.ts';
import type { CanonicalIdentifier } from '../../../schemas/entities/identifier.ts';

// Worked examples of the resolver's full answer: links with their evidence, conflicts of each kind with
// scope and values, contested identifiers, and the canonical order of everything it returns. The property
// tests compare only clusters and owners with the reference model.

const UNIQUE = ['erp', 'webUser'];
const mail = (value: string): CanonicalIdentifier => ({ type: 'email', value });
const erp = (value: string): CanonicalIdentifier => ({ type: 'erp', value });
const evidenceOf = (key: string) => ({
  entity: 'customer',
  system: 'sap-s4',
  stream: 'bp',
  key,
  version: '1',
});
const record = (recordKey: string, ...linkIds: CanonicalIdentifier[]): IdentityRecord => ({
  recordKey,
  linkIds,
  evidence: evidenceOf(recordKey),
});

describe('resolveIdentities, worked examples', () => {
  it('merges two customers through a record carrying both identifiers, with that identifier and record as evidence', () => {
    const records = [
      record('r3', mail('a@x'), mail('b@x')),
      record('r1', mail('a@x')),
      record('r2', mail('b@x')),
    ];

    const resolution = resolveIdentities(records, [], UNIQUE);

    expect(resolution.clusters).toEqual([
      {
        seed: 'r1',
        recordKeys: ['r1', 'r2', 'r3'],
        identifiers: ['email:a@x', 'email:b@x'],
        links: [
          {
            absorbedSeed: 'r2',
            absorbedRecords: ['r2'],
            identifier: mail('b@x'),
            evidence: evidenceOf('r3'),
          },
        ],
      },
    ]);
    expect(resolution.conflicts).toEqual([]);
    expect([...resolution.clusterOf]).toEqual([
      ['r1', 'r1'],
      ['r2', 'r1'],
      ['r3', 'r1'],
    ]);
    expect(resolution.contested.size).toBe(0);
  });

  it('carries the absorbed cluster’s own links into the survivor', () => {
    // r2 and r3 join by b@x first (through r3), then r4 joins r1's a@x with that cluster's c@x.
    const records = [
      record('r1', mail('a@x')),
      record('r2', mail('b@x')),
      record('r3', mail('b@x'), mail('c@x')),
      record('r4', mail('c@x'), mail('a@x')),
    ];

    const [cluster] = resolveIdentities(records, [], UNIQUE).clusters;

    expect(cluster?.recordKeys).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(cluster?.links.map((l) => [l.absorbedSeed, l.absorbedRecords])).toEqual([['r2', ['r2', 'r3']]]);
  });

  it('keeps a chain of absorptions as links of the final survivor in resolution order', () => {
    const records = [
      record('r1', mail('a@x')),
      record('r2', mail('b@x')),
      record('r3', mail('c@x')),
      record('r4', mail('b@x'), mail('c@x')),
      record('r5', mail('a@x'), mail('b@x')),
    ];

    const [cluster] = resolveIdentities(records, [], UNIQUE).clusters;

    expect(
      cluster?.links.map((l) => [l.absorbedSeed, l.absorbedRecords, l.identifier.value, l.evidence.key]),
    ).toEqual([
      // r4 joined r2's customer before r3's was absorbed into it: records in the order they joined.
      ['r2', ['r2', 'r4', 'r3'], 'b@x', 'r5'],
      ['r3', ['r3'], 'c@x', 'r4'],
    ]);
  });

  it('refuses a link that would give one customer two ERP numbers of one system, naming scope and values', () => {
    const records = [
      record('r1', erp('sap-s4:1'), mail('a@x')),
      record('r2', erp('sap-s4:2')),
      record('r3', mail('a@x'), erp('sap-s4:2')),
    ];

    const resolution = resolveIdentities(records, [], UNIQUE);

    expect(resolution.clusters.map((c) => c.recordKeys)).toEqual([['r1'], ['r2', 'r3']]);
    expect(resolution.conflicts).toEqual([
      {
        kind: 'uniqueIdentifierClash',
        identifier: mail('a@x'),
        seeds: ['r1', 'r2'],
        scope: 'erp:sap-s4',
        // r3 joined r2 (the owner it does not clash with): that side's value first, the refused one second.
        clashingValues: ['sap-s4:2', 'sap-s4:1'],
        evidence: evidenceOf('r3'),
      },
    ]);
    // r3 carries a@x, which r1 owns: r3's customer contests it.
    expect(resolution.owners.get('email:a@x')).toBe('r1');
    expect([...resolution.contested]).toEqual([['email:a@x', ['r2']]]);
  });

  it('merges customers with ERP numbers of two different systems', () => {
    const records = [record('r1', erp('sap-s4:1'), mail('a@x')), record('r2', erp('bc-eu:1'), mail('a@x'))];

    const resolution = resolveIdentities(records, [], UNIQUE);

    expect(resolution.clusters.map((c) => c.recordKeys)).toEqual([['r1', 'r2']]);
    expect(resolution.conflicts).toEqual([]);
  });

  it('lets any number of e-mails share a customer when only ERP and web users are unique', () => {
    const records = [record('r1', mail('a@x'), erp('sap-s4:1')), record('r2', mail('b@x'), erp('sap-s4:1'))];

    expect(resolveIdentities(records, [], UNIQUE).clusters.map((c) => c.identifiers)).toEqual([
      ['email:a@x', 'email:b@x', 'erp:sap-s4:1'],
    ]);
    // With e-mail unique too, the two would clash.
    expect(resolveIdentities(records, [], [...UNIQUE, 'email']).conflicts).toHaveLength(1);
  });

  it('keeps separated records apart as a separatedByUnmerge conflict without scope or values', () => {
    const records = [
      record('r1', mail('a@x')),
      record('r2', mail('b@x')),
      record('r3', mail('a@x'), mail('b@x')),
    ];

    const resolution = resolveIdentities(records, [['r2', 'r1']], UNIQUE);

    expect(resolution.clusters.map((c) => c.recordKeys)).toEqual([['r1', 'r3'], ['r2']]);
    expect(resolution.conflicts).toEqual([
      {
        kind: 'separatedByUnmerge',
        identifier: mail('b@x'),
        seeds: ['r1', 'r2'],
        clashingValues: [],
        evidence: evidenceOf('r3'),
      },
    ]);
    expect(resolution.conflicts[0]).not.toHaveProperty('scope');
  });

  it('does not let a record join a separated customer it links to; it starts its own or joins the next', () => {
    const records = [record('r1', mail('a@x')), record('r2', mail('a@x'))];

    const resolution = resolveIdentities(records, [['r1', 'r2']], UNIQUE);

    expect(resolution.clusters.map((c) => c.recordKeys)).toEqual([['r1'], ['r2']]);
    expect([...resolution.contested]).toEqual([['email:a@x', ['r2']]]);
  });

  it('joins a record to the first owner it does not clash with when the first would clash', () => {
    // r3 links r1 (sap-s4:1) and r2 (no ERP) and carries sap-s4:3: it can only join r2.
    const records = [
      record('r1', erp('sap-s4:1'), mail('a@x')),
      record('r2', mail('b@x')),
      record('r3', mail('a@x'), mail('b@x'), erp('sap-s4:3')),
    ];

    const resolution = resolveIdentities(records, [], UNIQUE);

    expect(resolution.clusters.map((c) => c.recordKeys)).toEqual([['r1'], ['r2', 'r3']]);
    expect(resolution.clusterOf.get('r3')).toBe('r2');
    expect(resolution.conflicts.map((c) => [c.kind, c.seeds, c.scope])).toEqual([
      ['uniqueIdentifierClash', ['r1', 'r2'], 'erp:sap-s4'],
    ]);
  });

  it('reports a conflict once per pair and identifier however many records repeat the refused link', () => {
    const clashing = [
      record('r1', erp('sap-s4:1'), mail('a@x')),
      record('r2', erp('sap-s4:2'), mail('b@x')),
      record('r3', mail('a@x'), mail('b@x')),
      record('r4', mail('b@x'), mail('a@x')),
    ];

    const conflicts = resolveIdentities(clashing, [], UNIQUE).conflicts;

    expect(conflicts.map((c) => [c.seeds, c.identifier.value, c.evidence.key])).toEqual([
      [['r1', 'r2'], 'b@x', 'r3'],
    ]);
  });

  it('names the clusters a conflict ended up in when one side was absorbed after the conflict', () => {
    // r3 clashes r1 (sap-s4:1) with r2 (sap-s4:2) over a@x; later r4 joins r2 into r0's customer by c@x.
    const records = [
      record('r0', mail('c@x')),
      record('r1', erp('sap-s4:1'), mail('a@x')),
      record('r2', erp('sap-s4:2')),
      record('r3', mail('a@x'), erp('sap-s4:2')),
      record('r4', erp('sap-s4:2'), mail('c@x')),
    ];

    const resolution = resolveIdentities(records, [], UNIQUE);

    expect(resolution.clusters.map((c) => c.recordKeys)).toEqual([['r0', 'r2', 'r3', 'r4'], ['r1']]);
    expect(resolution.conflicts.map((c) => c.seeds)).toEqual([['r0', 'r1']]);
  });

  it('gives the same answer whatever order the records come in', () => {
    const records = [
      record('r2', mail('b@x')),
      record('r1', mail('a@x')),
      record('r3', mail('a@x'), mail('b@x')),
    ];

    const a = resolveIdentities(records, [], UNIQUE);
    const b = resolveIdentities([...records].reverse(), [], UNIQUE);

    expect(b.clusters).toEqual(a.clusters);
    expect(a.clusters[0]?.seed).toBe('r1');
  });
});
