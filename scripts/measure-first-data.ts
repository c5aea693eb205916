import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevIssuer } from '../infra/local/auth/dev-issuer.ts';

/**
 * Measures what a new user waits for: the time from `npm start` to the first customer readable through the
 * API, using the identifier the start-up banner prints. Starts the hub on its own ports and an empty data
 * folder, so it runs beside another hub (ports --api-port and the two after it). Prints the milestones:
 * banner, each connector run logged, first customer readable.
 *
 *   npm run measure:first-data -- [--api-port 14360] [--log <file>] [--cpu-prof-dir <dir>] [--keep-running]
 */

const argValue = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const apiPort = Number(argValue('--api-port', '14360'));
const keep = process.argv.includes('--keep-running');
const logFile = argValue('--log', '');
const dataDir = mkdtempSync(join(tmpdir(), 'hub360-first-data-'));

const started = performance.now();
const elapsed = () => ((performance.now() - started) / 1000).toFixed(1);
const hub = spawn(
  process.execPath,
  [
    // --cpu-prof-dir <dir>: a CPU profile of the hub process, written when it stops.
    ...(argValue('--cpu-prof-dir', '')
      ? ['--cpu-prof', '--cpu-prof-dir', argValue('--cpu-prof-dir', '')]
      : []),
    '--import',
    'tsx',
    'infra/local/main.ts',
    '--data-dir',
    dataDir,
    '--api-port',
    String(apiPort),
    '--bus-port',
    String(apiPort + 1),
    '--store-port',
    String(apiPort + 2),
    '--log-format',
    'json',
  ],
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HUB_CONNECTORS: '' } },
);

let output = `started ${new Date().toISOString()}\n`;
const milestones: string[] = [];
const note = (what: string) => {
  milestones.push(`${elapsed().padStart(6)} s  ${what}`);
  process.stderr.write(`${elapsed()} s  ${what}\n`);
};
hub.stdout.on('data', (chunk: Buffer) => {
  const text = chunk.toString();
  output += text;
  for (const line of text.split('\n')) {
    if (line.includes('connector stream synced') || line.includes('connector sync skipped'))
      note(`log: ${line.slice(0, 160)}`);
  }
});
hub.stderr.on('data', (chunk: Buffer) => {
  output += chunk.toString();
});

const stopHub = () =>
  new Promise<void>((resolve) => {
    if (hub.exitCode !== null) return resolve();
    hub.once('exit', () => resolve());
    hub.kill('SIGINT');
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const run = async () => {
  let identifier: string | undefined;
  while (!identifier) {
    if (hub.exitCode !== null) throw new Error(`the hub exited (${hub.exitCode}):\n${output}`);
    identifier = /customers\?identifier=(\S+?)"/.exec(output)?.[1];
    await sleep(100);
  }
  note(`banner printed (identifier ${identifier})`);
  const issuer = await createDevIssuer({ dataDir });
  const token = await issuer.mintToken({ scopes: ['customers:read'] });
  const url = `http://127.0.0.1:${apiPort}/customers?identifier=${encodeURIComponent(identifier)}`;
  for (;;) {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (res.status === 200) break;
    if (performance.now() - started > 600_000) throw new Error('no customer after 10 minutes');
    await sleep(250);
  }
  note('first customer readable through the API');
};

run()
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    if (!keep) {
      await stopHub();
      rmSync(dataDir, { recursive: true, force: true });
    }
    if (logFile) writeFileSync(logFile, output);
    process.stdout.write(`${milestones.join('\n')}\n`);
  });
