import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { evaluateInsights } from '../../../core/insights/evaluate-insights.ts';
import { customersToRecompute } from '../../../core/insights/store/changed-customers.ts';
import { displayNameOfPartition } from '../../../core/insights/store/display-name.ts';
import {
  buildInsightsItem,
  buildMembershipItem,
  buildPopulationItem,
  parseInsightsItem,
  parseMembershipItem,
  parsePopulationItem,
  populationKey,
} from '../../../core/insights/store/insight-items.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import { customer, factsOf, order } from './records.ts';
import { partitionOf, seedCustomer } from './wiring-fixtures.ts';

// The items the insights write, read back through their schemas, and the display name kept on them.
const NOW = '2026-03-01T00:00:00Z';

describe('insights items', () => {
  it('builds the INSIGHTS item of an evaluation with what it changed, and reads it back', () => {
    const evaluation = evaluateInsights(undefined, factsOf(order('SO-1', NOW, 10)), config, NOW, {
      keyCustomer: null,
      rfmBoundaries: null,
    });

    const item = buildInsightsItem(evaluation, 3, 'fp-1', NOW);

    expect(item).toEqual({
      pk: 'CUST#C1',
      sk: 'INSIGHTS',
      kind: 'insights',
      customerId: 'C1',
      version: 3,
      fingerprint: 'fp-1',
      evaluatedAt: NOW,
      state: evaluation.state,
      detail: evaluation.detail,
      changes: {
        lifecycleTransition: evaluation.lifecycleTransition,
        churnChange: null,
        statusChanges: evaluation.statusChanges,
      },
    });
    expect(parseInsightsItem(item)).toMatchObject({ version: 3, fingerprint: 'fp-1', customerId: 'C1' });
  });

  it('refuses a corrupt INSIGHTS item, naming its key', () => {
    const corrupt: Item = { pk: 'CUST#C1', sk: 'INSIGHTS', kind: 'insights', customerId: 'C1', version: 0 };

    expect(() => parseInsightsItem(corrupt)).toThrow(/^Corrupt item CUST#C1 \/ INSIGHTS: .*version/);
  });

  it('puts a membership in the segment partition of the index, sorted by customer, with the name when known', () => {
    const membership = {
      kind: 'risk' as const,
      segment: 'risk:high',
      since: NOW,
      reason: 'Invoice INV-1 is 60 days overdue (high from 60).',
    };

    const named = buildMembershipItem('C1', membership, 'ACME');
    const unnamed = buildMembershipItem('C1', membership, undefined);

    expect(named).toEqual({
      pk: 'CUST#C1',
      sk: 'INSIGHTS#risk',
      kind: 'segmentMember',
      customerId: 'C1',
      segment: 'risk:high',
      since: NOW,
      reason: 'Invoice INV-1 is 60 days overdue (high from 60).',
      displayName: 'ACME',
      gsi1pk: 'SEGMENT#risk:high',
      gsi1sk: 'CUST#C1',
    });
    expect(unnamed).not.toHaveProperty('displayName');
    expect(parseMembershipItem(named)).toMatchObject({ segment: 'risk:high', displayName: 'ACME' });
  });

  it('keeps the population results under one fixed key and reads them back', () => {
    const population = {
      kind: 'insightsPopulation' as const,
      computedAt: NOW,
      rfmBoundaries: null,
      keyCustomerIds: ['C1'],
      totalRevenue: 10,
      customers: 1,
    };

    const item = buildPopulationItem(population);

    expect(item).toEqual({ pk: 'INSIGHTS#POPULATION', sk: 'LATEST', ...population });
    expect(populationKey).toEqual({ pk: 'INSIGHTS#POPULATION', sk: 'LATEST' });
    expect(parsePopulationItem(item)).toEqual(population);
  });
});

describe('display name of a partition', () => {
  const partition = (...records: Parameters<typeof seedCustomer>[2]) => {
    const backend = new MemoryBackend();
    seedCustomer(backend, 'C1', records);
    return [...partitionOf(backend, 'C1').values()];
  };

  it("takes the customer records' golden name and ignores other records and items", () => {
    expect(
      displayNameOfPartition(partition(customer('BP-1', { companyName: 'ACME' }), order('SO-1', NOW, 1))),
    ).toBe('ACME');
    expect(
      displayNameOfPartition(partition(customer('BP-1', { firstName: 'Anna', lastName: 'Berger' }))),
    ).toBe('Anna Berger');
  });

  it('has no name for a partition without customer records, or with only a deleted one', () => {
    const deleted = customer('BP-1', { companyName: 'ACME' });
    const tombstone = { ...deleted, source: { ...deleted.source, deleted: true }, data: undefined };

    expect(displayNameOfPartition(partition(order('SO-1', NOW, 1)))).toBeUndefined();
    expect(displayNameOfPartition(partition(tombstone))).toBeUndefined();
  });
});

describe('customers to recompute', () => {
  const change = (pk: string, newKind?: string, oldKind?: string): ChangeRecord => ({
    eventName: 'MODIFY',
    sequenceNumber: '1',
    keys: { pk, sk: 'X' },
    ...(newKind ? { newImage: { kind: newKind } } : {}),
    ...(oldKind ? { oldImage: { kind: oldKind } } : {}),
  });

  it('judges a change by its new image when it has one, by the old one otherwise', () => {
    expect(customersToRecompute([change('CUST#A', 'insights', 'record')])).toEqual([]);
    expect(customersToRecompute([change('CUST#B', 'record', 'insights')])).toEqual(['B']);
    expect(customersToRecompute([change('CUST#C', undefined, 'profile')])).toEqual(['C']);
  });

  it('reads the customer id after the partition prefix only', () => {
    expect(customersToRecompute([change('CUSTX#A', 'record'), change('CUST#CUST#A', 'record')])).toEqual([
      'CUST#A',
    ]);
  });
});
