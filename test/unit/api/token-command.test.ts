import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDevIssuer } from '../../../infra/local/auth/dev-issuer.ts';
import { knownScopes, run } from '../../../infra/local/cli/commands/token.ts';
import type { CliContext } from '../../../infra/local/cli/context.ts';
import { hubTopology } from '../../../infra/topology/index.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hub360-token-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const context = (lines: string[]): CliContext => ({
  dataDir,
  get runtime(): never {
    throw new Error('the token command must not need a running hub');
  },
  out: (line) => lines.push(line),
});

describe('hub360 token', () => {
  it('prints a token the local authorizer accepts for the requested scopes', async () => {
    const lines: string[] = [];
    const { authorizer } = await createDevIssuer({ dataDir });

    const code = await run(
      ['--scopes', 'customers:read,customers:write', '--subject', 'app-1'],
      context(lines),
    );

    expect(code).toBe(0);
    const verdict = await authorizer.authorize(`Bearer ${lines[0]}`, ['customers:write']);
    expect(verdict).toMatchObject({
      ok: true,
      scopes: ['customers:read', 'customers:write'],
      claims: { sub: 'app-1' },
    });
  });

  it('refuses to mint when no hub ever made a signing key in the data folder', async () => {
    await expect(run([], context([]))).rejects.toThrow(/no hub has run with the data folder .*`npm start`/);
  });

  it('refuses a scope no route accepts, naming the known ones', async () => {
    await expect(run(['--scopes', 'customer:read'], context([]))).rejects.toThrow(
      /scopes\[0\]: "customer:read" is not a scope of any route; known: .*customers:read/,
    );
  });

  it('knows exactly the scopes the whole topology’s routes accept, though it reads only the API part', () => {
    const topologyScopes = [...new Set(hubTopology.routes.flatMap((r) => r.scopes))].sort();

    expect(knownScopes()).toEqual(topologyScopes);
  });
});
