import { describe, expect, it } from 'vitest';
import { hubTopology } from '../../infra/topology/index.ts';
import { findUnusedCode, functionNeeds } from '../bench/functions/unused-code-rules.ts';
import { bundleInputs } from './support/bundle-inputs.ts';
import { repoRoot } from './support/cruise-layers.ts';

// The query API functions whose role cannot write the table: their bundles must not carry the write path.
// The bench (`npm run bench -- --only functions`) applies the same rules to every function as CDK bundles it.
const readOnly = functionNeeds(hubTopology).filter(
  (n) => n.routePaths.length > 0 && n.spec.grants.table !== 'readWrite',
);

describe('Lambda bundles of query API functions that cannot write', () => {
  it.each(readOnly.map((n) => [n.name, n] as const))(
    '%s carries no write path, no zod locales and no client it has no grant for',
    async (_name, needs) => {
      // Act
      const inputs = await bundleInputs(needs.spec.entry, repoRoot);

      // Assert
      expect(inputs.size).toBeGreaterThan(10);
      expect(findUnusedCode(needs, inputs)).toEqual([]);
    },
  );

  it('reports the write path when a read-only function is bundled from the read-write entry', async () => {
    // Prepare: api-identity's grants, but the entry that also serves unmerge.
    const identity = readOnly.find((n) => n.name === 'api-identity');
    if (!identity) throw new Error('the topology has no api-identity function');

    // Act
    const unused = findUnusedCode(identity, await bundleInputs('functions/api/identity.ts', repoRoot));

    // Assert
    expect(unused.map((u) => u.module)).toEqual(
      expect.arrayContaining(['core/identity/unmerge-customer.ts', 'core/ingest']),
    );
  });
});

describe('Lambda bundles of stream functions', () => {
  const streamFunctions = [...new Set(hubTopology.streamSubscriptions.map((s) => s.function))];

  it.each(streamFunctions)('%s carries no zod locales', async (name) => {
    // Prepare
    const needs = functionNeeds(hubTopology).find((n) => n.name === name);
    if (!needs) throw new Error(`stream subscription names unknown function ${name}`);

    // Act
    const unused = findUnusedCode(needs, await bundleInputs(needs.spec.entry, repoRoot));

    // Assert
    expect(streamFunctions.length).toBeGreaterThanOrEqual(3);
    expect(unused.filter((u) => u.module.startsWith('zod:'))).toEqual([]);
  });
});
