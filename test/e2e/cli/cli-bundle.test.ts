import { execFile, spawn } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module (it runs before any TypeScript loader), without declarations.
import { buildCliBundle, freshCliBundle } from '../../../bin/cli-bundle.mjs';
import { cliCommands } from '../../../infra/local/cli/registry.ts';
import { repositoryRoot } from '../../../infra/local/runtime.ts';

const run = promisify(execFile);

/** `npx hub360` runs a prebuilt bundle of the CLI instead of transpiling the tree with tsx on every call. */
describe('the prebuilt hub360 CLI', () => {
  let main: string;
  beforeAll(async () => {
    main = await buildCliBundle();
  });

  it('answers --help from the bundle with the commands of the registry', async () => {
    const { stdout } = await run(process.execPath, [main, '--help'], { cwd: repositoryRoot });

    expect(stdout).toContain('Usage: hub360 [options] [command]');
    expect(stdout).toContain('connectors');
    expect(stdout).toContain('sync');
  });

  it('is used while no source it was built from changed, and rebuilt once one did', () => {
    const current = JSON.parse(
      readFileSync(join(repositoryRoot, 'node_modules/.cache/hub360-cli/current.json'), 'utf8'),
    ) as { inputs: Record<string, number> };
    const source = join(repositoryRoot, 'infra/local/cli/registry.ts');
    const { atimeMs, mtimeMs } = statSync(source);

    const before = freshCliBundle();
    utimesSync(source, atimeMs / 1000, mtimeMs / 1000 + 1);
    let after: unknown;
    try {
      after = freshCliBundle();
    } finally {
      utimesSync(source, atimeMs / 1000, mtimeMs / 1000);
    }

    expect(Object.keys(current.inputs)).toContain('infra/local/cli/registry.ts');
    expect(before).toBe(main);
    expect(after).toBeUndefined();
  });

  it('exits quietly with 0 when its reader closes the pipe first (`hub360 --help | head -0`)', async () => {
    const child = spawn(process.execPath, [main, '--help'], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the CLI has even loaded, so its first write meets a pipe nobody reads (EPIPE).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });

    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it.each(
    cliCommands.flatMap((c) => [c.name, ...(c.subcommands ?? []).map((sub) => `${c.name} ${sub.name}`)]),
  )('answers `hub360 %s --help` without a running hub', async (command) => {
    const { stdout } = await run(process.execPath, [main, ...command.split(' '), '--help'], {
      cwd: repositoryRoot,
      env: { ...process.env, HUB360_DATA_DIR: join(repositoryRoot, 'no-such-data-dir') },
    });

    expect(stdout).toContain(`Usage: hub360 ${command}`);
  });
});

/**
 * npm 11's `npx <name>` installs the project itself into its npx cache, walking its whole node_modules tree
 * on every call, when the ROOT package.json declares the bin; a dependency's bin it runs straight from
 * node_modules/.bin. So the CLI is a local package the root depends on.
 */
describe('how npx finds hub360', () => {
  const manifest = (path: string) =>
    JSON.parse(readFileSync(join(repositoryRoot, path), 'utf8')) as {
      name: string;
      bin?: Record<string, string>;
      dependencies?: Record<string, string>;
    };

  it('the root package declares no bin and depends on the CLI package in bin/, which declares hub360', () => {
    const root = manifest('package.json');
    const cli = manifest('bin/package.json');

    expect(root.bin).toBeUndefined();
    expect(root.dependencies?.[cli.name]).toBe('file:bin');
    expect(cli.bin).toEqual({ hub360: 'hub360.mjs' });
  });
});
