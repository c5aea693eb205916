import { execFile } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module (it runs before any TypeScript loader), without declarations.
import { buildCliBundle, freshCliBundle } from '../../../bin/cli-bundle.mjs';
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
});
