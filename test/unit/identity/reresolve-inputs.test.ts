import { describe, expect, it } from 'vitest';
import type { GatheredCluster } from '../../../core/identity/cluster.ts';
import { separationsOf, toIdentityRecord } from '../../../core/identity/reresolve-cluster.ts';
import type { LocatorItem } from '../../../core/items/state-items.ts';
import { storedRecord } from '../items/stored-items.ts';

// The resolver's inputs as the slow path builds them from what it read: each record's identity view and
// the separations recorded on the gathered locators.

const locator = (recordKey: string, separateFrom: string[]): LocatorItem => ({
  kind: 'locator',
  recordKey,
  versionOrd: 'N1',
  deleted: false,
  linkIds: [],
  auxKeys: [],
  separateFrom,
});
const gatheredWith = (locators: LocatorItem[]): GatheredCluster => ({
  partitions: new Map(),
  profiles: new Map(),
  strays: [],
  leftovers: new Map(),
  owners: new Map(),
  locators: new Map(locators.map((l) => [l.recordKey, l])),
  records: new Map(),
});

describe('separationsOf', () => {
  it('gives each separated pair once, smaller key first, however many locators record it', () => {
    const gathered = gatheredWith([locator('r2', ['r1', 'r3']), locator('r1', ['r2']), locator('r4', [])]);

    expect(separationsOf(gathered)).toEqual([
      ['r1', 'r2'],
      ['r2', 'r3'],
    ]);
  });

  it('adds the extra pairs given, also once and in order', () => {
    const gathered = gatheredWith([locator('r1', ['r2'])]);

    expect(
      separationsOf(gathered, [
        ['r9', 'r5'],
        ['r2', 'r1'],
      ]),
    ).toEqual([
      ['r1', 'r2'],
      ['r5', 'r9'],
    ]);
  });

  it('keeps pairs apart whose keys only run together when concatenated', () => {
    const gathered = gatheredWith([locator('a', ['bc']), locator('ab', ['c'])]);

    expect(separationsOf(gathered)).toHaveLength(2);
  });
});

describe('toIdentityRecord', () => {
  it('takes the record key, the parsed link identifiers and the source as evidence, skipping unreadable link keys', () => {
    const record = {
      ...storedRecord({
        entity: 'customer',
        source: { system: 'sap-s4', stream: 'bp', key: 'A', version: '7' },
        identifiers: [{ type: 'email', value: 'a@x.de' }],
        data: { name: 'A' },
      }),
      linkIds: ['email:a@x.de', 'not-a-key', 'fax:1'],
    };

    expect(toIdentityRecord(record)).toEqual({
      recordKey: 'customer#sap-s4#bp#A',
      linkIds: [{ type: 'email', value: 'a@x.de' }],
      evidence: { entity: 'customer', system: 'sap-s4', stream: 'bp', key: 'A', version: '7' },
    });
  });
});
