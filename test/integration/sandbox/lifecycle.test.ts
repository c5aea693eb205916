import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startSandbox } from '../../../sandbox/index.ts';
import { fetchToken, getJson, startTestSandbox } from './sandbox-http.ts';

describe('sandbox lifecycle', () => {
  it('ticks on its own when given an interval and stops ticking on stop()', async () => {
    const { sandbox, landingDir, close } = await startTestSandbox({
      tickIntervalMs: 20,
      clickstreamHistoryDays: 0,
    });
    const prefixDir = join(landingDir, sandbox.endpoints.clickstreamPrefix);
    const files = async () =>
      (await readdir(prefixDir, { recursive: true })).filter((name) => name.endsWith('.gz')).length;
    try {
      await vi.waitFor(async () => expect(await files()).toBeGreaterThanOrEqual(2), {
        timeout: 10_000,
        interval: 25,
      });
    } finally {
      await close();
    }

    const afterStop = sandbox.truth().clickstream.files.length;
    await new Promise((resolve) => setTimeout(resolve, 60));

    expect(sandbox.truth().clickstream.files.length).toBe(afterStop);
  });

  it('makes connectors fetch a new token after tokens are revoked', async () => {
    const { sandbox, close } = await startTestSandbox();
    try {
      const url = `${sandbox.endpoints.windchill}/ProdMgmt/Parts?$top=1`;
      const token = await fetchToken(sandbox.credentials.windchill);
      const before = await getJson(url, { authorization: `Bearer ${token}` });

      sandbox.revokeTokens();

      const stale = await getJson(url, { authorization: `Bearer ${token}` });
      const fresh = await getJson(url, {
        authorization: `Bearer ${await fetchToken(sandbox.credentials.windchill)}`,
      });
      expect(before.status).toBe(200);
      expect(stale.status).toBe(401);
      expect(fresh.status).toBe(200);
    } finally {
      await close();
    }
  });

  it('fails fast naming the bad option', async () => {
    await expect(startSandbox({ landingDir: '', scale: 'huge' as never })).rejects.toThrow(
      /landingDir[\s\S]*scale|scale[\s\S]*landingDir/,
    );
  });
});
