import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../../infra/local/runtime.ts';
import { waitFor } from '../../support/wait-for.ts';

/**
 * `npm start` exactly as a person runs it, stopped the way a terminal stops it: Ctrl-C delivers SIGINT to
 * every process of the foreground group (the launcher and the hub), and the launcher may relay it once more.
 */
describe('the npm start command and one Ctrl-C', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub360-sigint-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops cleanly with exit code 0 and never prints "Forced exit."', async () => {
    // The command `npm start` runs, taken from package.json, so the test follows any change to it. (npm itself
    // is left out: on a signal it re-raises it on itself and exits without a code, whatever the hub did.)
    const { scripts } = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    const flags = `--fresh --no-sandbox --data-dir ${dataDir} --api-port 0 --bus-port 0 --store-port 0`;
    const started = spawn(`exec ${scripts.start} ${flags}`, {
      shell: true,
      cwd: repositoryRoot,
      // A process group of its own, so one kill(-pid) reaches every member as a terminal's Ctrl-C does.
      detached: true,
      // npm puts the project's binaries first on PATH; so does this.
      env: {
        ...process.env,
        PATH: `${join(repositoryRoot, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
        HUB360_LOG_LEVEL: 'WARN',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let output = '';
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => started.on('exit', (code) => resolve(code)));
    await waitFor('the hub to print its banner', () => (output.includes('Ctrl-C stops') ? true : undefined), {
      timeoutMs: 90_000,
    });

    process.kill(-(started.pid ?? 0), 'SIGINT');
    const code = await exited;

    expect(output, output).not.toContain('Forced exit.');
    expect(output).toContain('Stopped cleanly');
    expect(code).toBe(0);
  });
});
