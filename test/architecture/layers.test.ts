import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cruiseLayers, LAYERS, longHandlers, repoRoot } from './support/cruise-layers.ts';

const MAX_HANDLER_LINES = 60;

const handlerFiles = (): string[] =>
  ['functions', 'functions/api'].flatMap((folder) =>
    readdirSync(join(repoRoot, folder), { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => `${folder}/${entry.name}`),
  );

describe('the layers of the repository', () => {
  it('break none of the rules in .dependency-cruiser.cjs and form no cycle between top-level folders', async () => {
    // Act
    const report = await cruiseLayers(repoRoot, LAYERS);

    // Assert
    expect(report.modules).toBeGreaterThan(200);
    expect(report.violations).toEqual([]);
    expect(report.folderCycles).toEqual([]);
  });

  it(`keeps every Lambda handler file at most ${MAX_HANDLER_LINES} lines`, () => {
    // Prepare
    const handlers = handlerFiles();

    // Act / Assert
    expect(handlers.length).toBeGreaterThanOrEqual(6);
    expect(longHandlers(handlers, MAX_HANDLER_LINES)).toEqual([]);
  });
});

describe('the architecture check itself', () => {
  const wrongWay = join(import.meta.dirname, 'fixtures', 'wrong-way');

  it('reports a domain importing an adapter and the AWS SDK, a contract importing the domain, a handler importing the sandbox, and the folder cycle', async () => {
    // Act
    const report = await cruiseLayers(wrongWay, ['core', 'adapters', 'schemas', 'functions']);

    // Assert
    expect(report.violations).toEqual(
      expect.arrayContaining([
        'core-imports-only-core-and-schemas: core/domain.ts → adapters/adapter.ts',
        expect.stringMatching(/^core-imports-no-platform: core\/domain\.ts → .*@aws-sdk\/client-dynamodb/),
        'schemas-stand-alone: schemas/contract.ts → core/domain.ts',
        'functions-not-infra: functions/handler.ts → sandbox/system.ts',
        'sandbox-only-from-local-runtime-and-tests: functions/handler.ts → sandbox/system.ts',
        expect.stringMatching(/^no-circular: /),
      ]),
    );
    expect(report.folderCycles).toEqual(['adapters ↔ core ↔ schemas']);
  });

  it('reports a handler file longer than the limit', () => {
    // Act
    const long = longHandlers(['sandbox/system.ts'], 0, wrongWay);

    // Assert
    expect(long).toEqual(['sandbox/system.ts: 1 lines (at most 0)']);
  });
});
