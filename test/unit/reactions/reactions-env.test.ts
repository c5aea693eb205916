import { describe, expect, it } from 'vitest';
import { DEFAULT_REACTIONS_CONFIG } from '../../../schemas/config/reactions-config.ts';
import { reactionsConfigFromEnv } from '../../../schemas/config/reactions-env.ts';

describe('HUB_REACTIONS_CONFIG', () => {
  it('gives the documented defaults when unset', () => {
    expect(reactionsConfigFromEnv({})).toEqual(DEFAULT_REACTIONS_CONFIG);
  });

  it('overrides the thresholds it names and keeps the other defaults', () => {
    const config = reactionsConfigFromEnv({
      HUB_REACTIONS_CONFIG: '{"complaintThreshold": 5, "expiryNoticeDays": 60}',
    });

    expect([config.complaintThreshold, config.expiryNoticeDays, config.paymentGraceDays]).toEqual([5, 60, 0]);
  });

  it('fails at start naming the field that is wrong, or that the text is not JSON', () => {
    expect(() => reactionsConfigFromEnv({ HUB_REACTIONS_CONFIG: '{"complaintThreshold": 0}' })).toThrow(
      /complaintThreshold/,
    );
    expect(() => reactionsConfigFromEnv({ HUB_REACTIONS_CONFIG: '{"complaintTreshold": 4}' })).toThrow(
      /complaintTreshold/,
    );
    expect(() => reactionsConfigFromEnv({ HUB_REACTIONS_CONFIG: 'threshold=4' })).toThrow(/JSON object/);
  });
});
