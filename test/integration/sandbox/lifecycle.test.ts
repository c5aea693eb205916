import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSandbox } from '../../../sandbox/index.ts';
import { waitFor } from '../../support/wait-for.ts';
import { fetchToken, getJson, startTestSandbox } from './sandbox-http.ts';

describe('sandbox lifecycle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks once per interval on its own and stops ticking on stop()', async () => {
    // The interval runs on fake time: the test decides when intervals pass, and sees that none is left.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { sandbox, close } = await startTestSandbox({ tickIntervalMs: 20, clickstreamHistoryDays: 0 });
    const landed = () => sandbox.truth().clickstream.files.length;
    try {
      const before = landed();
      await vi.advanceTimersByTimeAsync(40); // two intervals
      // Each tick lands one clickstream file once its (real) file write is done.
      await waitFor('two ticks to land their files', () => (landed() === before + 2 ? true : undefined));
    } finally {
      await close();
    }
    const afterStop = landed();

    await vi.advanceTimersByTimeAsync(200); // ten more intervals

    expect(vi.getTimerCount()).toBe(0);
    expect(landed()).toBe(afterStop);
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
