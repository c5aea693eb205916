import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { repositoryRoot } from '../../../infra/local/runtime.ts';
import { type RuntimeInfo, readRuntimeInfo } from '../../../infra/local/runtime-info.ts';
import { waitFor } from '../../support/wait-for.ts';

export interface HubProcessOptions {
  readonly dataDir: string;
  /** Flags after the data folder and the free ports, e.g. `--no-sandbox`. */
  readonly flags?: readonly string[];
  /** Added to this process's environment (connector instances, secrets, settings). */
  readonly env?: Readonly<Record<string, string>>;
  /** @default 90 s: a JVM and a TypeScript hub on a loaded machine */
  readonly startTimeoutMs?: number;
}

export interface HubProcess {
  readonly pid: number;
  /** What the running hub wrote to runtime.json (endpoints, table). */
  readonly runtime: RuntimeInfo;
  /** The tail of what the hub printed, for failure messages. */
  output(): string;
  /** SIGKILL to the hub's whole process group (DynamoDB Local's JVM included), then waits until it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM and waits for the exit code (a clean stop). */
  stop(): Promise<number | null>;
}

/**
 * Starts the local hub as its own OS process with the command `npm start` runs (from package.json), in a
 * process group of its own so one kill reaches the hub and its DynamoDB Local, and waits until it printed its
 * banner and wrote runtime.json.
 */
export const startHubProcess = async (options: HubProcessOptions): Promise<HubProcess> => {
  const { scripts } = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const flags = [
    `--data-dir ${options.dataDir}`,
    '--api-port 0 --bus-port 0 --store-port 0',
    ...(options.flags ?? []),
  ].join(' ');
  const child: ChildProcess = spawn(`exec ${scripts.start} ${flags}`, {
    shell: true,
    cwd: repositoryRoot,
    detached: true,
    env: {
      ...process.env,
      PATH: `${join(repositoryRoot, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start the hub: ${scripts.start}`);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const alive = () => child.exitCode === null && child.signalCode === null;

  const runtime = await waitFor(
    'the hub to print its banner and write runtime.json',
    () => {
      if (!alive()) throw new Error(`the hub exited during start-up:\n${output}`);
      if (!output.includes('Ctrl-C stops')) return undefined;
      const info = readRuntimeInfo(options.dataDir);
      return info.pid === pid ? info : undefined;
    },
    { timeoutMs: options.startTimeoutMs ?? 90_000, intervalMs: 200 },
  ).catch((err: unknown) => {
    if (alive()) process.kill(-pid, 'SIGKILL');
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- hub output ---\n${output}`);
  });

  return {
    pid,
    runtime,
    output: () => output,
    kill9: async () => {
      if (alive()) process.kill(-pid, 'SIGKILL');
      await exited;
      // The JVM is a member of the group too; wait until no member is left.
      await waitFor('every process of the killed hub group to be gone', () => {
        try {
          process.kill(-pid, 0);
          return undefined;
        } catch {
          return true;
        }
      });
    },
    stop: async () => {
      if (alive()) process.kill(-pid, 'SIGTERM');
      return exited;
    },
  };
};
