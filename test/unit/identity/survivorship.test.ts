import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildGoldenProfile, type CustomerSource } from '../../../core/identity/survivorship.ts';

const source = (recordKey: string, system: string, version: string, data: CustomerSource['data']) =>
  ({
    recordKey,
    source: { system, stream: 'customers', key: recordKey, version },
    data,
  }) as CustomerSource;

/**
 * The survivorship rule written out independently: per attribute, the highest priority, then the newest
 * version (numeric versions compare as numbers), then the smallest record key.
 */
const referenceWinner = (
  sources: readonly CustomerSource[],
  priority: Readonly<Record<string, number>>,
): CustomerSource | undefined =>
  [...sources]
    .filter((s) => s.data.name !== undefined)
    .sort(
      (a, b) =>
        (priority[b.source.system] ?? 0) - (priority[a.source.system] ?? 0) ||
        Number(b.source.version) - Number(a.source.version) ||
        (a.recordKey < b.recordKey ? -1 : 1),
    )[0];

describe('survivorship of the golden profile', () => {
  it('among equal priorities the newer source version wins, whichever order the sources are read in', () => {
    const older = source('r1', 'bc-eu', '2', { name: 'Old GmbH' });
    const newer = source('r2', 'bc-eu', '10', { name: 'New GmbH' });

    expect(buildGoldenProfile([older, newer], {}).name?.value).toBe('New GmbH');
    expect(buildGoldenProfile([newer, older], {}).name?.value).toBe('New GmbH');
  });

  it('a higher-priority system wins over a newer version of a lower-priority one', () => {
    const erp = source('r1', 'sap-s4', '1', { name: 'ERP name' });
    const web = source('r2', 'segment-web', '9', { name: 'Web name' });

    expect(buildGoldenProfile([web, erp], { 'sap-s4': 10 }).name).toMatchObject({
      value: 'ERP name',
      provenance: { system: 'sap-s4', version: '1' },
    });
  });

  it('for any sources in any permutation the winner is the one the written-out rule picks', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(
            fc.record({
              key: fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5'),
              system: fc.constantFrom('sap-s4', 'bc-eu', 'segment-web'),
              version: fc.integer({ min: 1, max: 30 }),
              name: fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }),
            }),
            { selector: (s) => s.key, minLength: 1, maxLength: 5 },
          )
          .map((specs) =>
            specs.map((s) => source(s.key, s.system, String(s.version), s.name ? { name: s.name } : {})),
          )
          .chain((sources) =>
            fc.tuple(
              fc.shuffledSubarray(sources, { minLength: sources.length, maxLength: sources.length }),
              fc.record({ 'sap-s4': fc.nat(2), 'bc-eu': fc.nat(2) }),
            ),
          ),
        ([sources, priority]) => {
          const winner = referenceWinner(sources, priority);
          const profile = buildGoldenProfile(sources, priority);

          expect(profile.name?.value).toBe(winner?.data.name);
          expect(profile.name?.provenance.key).toBe(winner?.recordKey);
        },
      ),
      { numRuns: 500 },
    );
  });
});
