/**
 * Resident memory of the local hub's DynamoDB Local over a long `npm start`-like run, and whether the
 * store's data survives a restart of the hub. Usage:
 *
 *   npx tsx scripts/measure-store-memory.ts [--minutes 10] [--sample-seconds 15] [--data-dir <dir>]
 *
 * Starts `infra/local/main.ts` (sandbox on, free ports, a fresh data folder), samples the Java
 * process's VmRSS from /proc (Linux only) while the sandbox systems change their data, counts the
 * table's items, stops the hub with SIGINT, starts it again on the same folder and counts again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { RuntimeInfoSchema } from '../infra/local/runtime-info.ts';
import { localAwsIdentity } from '../infra/local/store/dynamodb-local.ts';

const OptionsSchema = z.object({
  minutes: z.coerce.number().positive().default(10),
  sampleSeconds: z.coerce.number().positive().default(15),
  dataDir: z.string().min(1).optional(),
});

const { values } = parseArgs({
  options: {
    minutes: { type: 'string' },
    'sample-seconds': { type: 'string' },
    'data-dir': { type: 'string' },
  },
});
const options = OptionsSchema.parse({
  minutes: values.minutes,
  sampleSeconds: values['sample-seconds'],
  dataDir: values['data-dir'],
});
const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'hub360-store-memory-'));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pids of every descendant of the process (children first), read from /proc. */
const descendants = (pid: number): number[] => {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (after the parenthesised command, which may hold spaces) is the parent pid.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
};

const findStoreJvm = (hubPid: number): number | undefined =>
  descendants(hubPid).find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal.jar');
    } catch {
      return false;
    }
  });

const rssMb = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 1024);
};

const startHub = (fresh: boolean): ChildProcess =>
  spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'infra/local/main.ts',
      '--data-dir',
      dataDir,
      '--api-port',
      '0',
      '--bus-port',
      '0',
      '--store-port',
      '0',
      '--log-format',
      'json',
      '--log-level',
      'ERROR',
      ...(fresh ? ['--fresh'] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );

const waitForRuntimeInfo = async (hub: ChildProcess, output: () => string) => {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (hub.exitCode !== null)
      throw new Error(`the hub exited with code ${hub.exitCode} during start-up:\n${output()}`);
    try {
      return RuntimeInfoSchema.parse(JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')));
    } catch {
      await sleep(500);
    }
  }
  throw new Error(`the hub wrote no ${join(dataDir, 'runtime.json')} within 180 s`);
};

const countItems = async (endpoint: string, tableName: string): Promise<number> => {
  const client = new DynamoDBClient({ endpoint, ...localAwsIdentity });
  try {
    let count = 0;
    for await (const page of paginateScan({ client }, { TableName: tableName, Select: 'COUNT' })) {
      count += page.Count ?? 0;
    }
    return count;
  } finally {
    client.destroy();
  }
};

const stopHub = async (hub: ChildProcess) => {
  const exited = new Promise((r) => hub.once('exit', r));
  hub.kill('SIGINT');
  await exited;
};

/** The tail of the hub's output, for a start-up failure. */
const captureOutput = (hub: ChildProcess): (() => string) => {
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  hub.stdout?.on('data', keep);
  hub.stderr?.on('data', keep);
  return () => log;
};

const hub = startHub(true);
const output = captureOutput(hub);
const info = await waitForRuntimeInfo(hub, output);
const jvm = findStoreJvm(hub.pid ?? -1);
if (jvm === undefined)
  throw new Error(`no DynamoDB Local process under the hub (pid ${hub.pid}):\n${output()}`);
console.log(`data folder ${dataDir}, store JVM pid ${jvm}`);
console.log(readFileSync(`/proc/${jvm}/cmdline`, 'utf8').split('\0').join(' '));
console.log('minute  JVM RSS (MB)');
const samples: number[] = [];
const started = Date.now();
while (Date.now() - started < options.minutes * 60_000) {
  const mb = rssMb(jvm);
  samples.push(mb);
  console.log(`${((Date.now() - started) / 60_000).toFixed(1).padStart(6)}  ${mb}`);
  await sleep(options.sampleSeconds * 1000);
}
const itemsBefore = await countItems(info.storeEndpoint, info.tableName);
await stopHub(hub);

const restarted = startHub(false);
const again = await waitForRuntimeInfo(restarted, captureOutput(restarted));
const itemsAfter = await countItems(again.storeEndpoint, again.tableName);
await stopHub(restarted);

console.log(
  JSON.stringify({
    minutes: options.minutes,
    peakRssMb: Math.max(...samples),
    lastRssMb: samples.at(-1),
    itemsBeforeRestart: itemsBefore,
    itemsAfterRestart: itemsAfter,
  }),
);
