import { describe, expect, it } from 'vitest';
import { buildHttpTargetRequest } from '../../../infra/local/eventbus/delivery/http-target.ts';
import { ignoreBackfill } from '../../../infra/topology/parts/ignore-backfill.ts';

const event = { detail: { signalKey: 'PIR-P-100-1000-20260302', idempotencyKey: 'k.r2.withdraw' } };
const input = { value: {}, text: '{}', isJson: true };
const settings = (name: string) => (name === 'URL' ? 'http://erp.test/erp/planned-orders/' : undefined);

describe('planned-order HTTP target', () => {
  it('sends DELETE to <url>/<key from the event> with the idempotency key header and no body', () => {
    const request = buildHttpTargetRequest(
      {
        urlSetting: 'URL',
        method: 'DELETE',
        pathParameterPath: '$.detail.signalKey',
        headerPaths: { 'Idempotency-Key': '$.detail.idempotencyKey' },
      },
      input,
      settings,
      undefined,
      event,
    );
    expect(request).toEqual({
      url: 'http://erp.test/erp/planned-orders/PIR-P-100-1000-20260302',
      method: 'DELETE',
      headers: { 'idempotency-key': 'k.r2.withdraw' },
    });
  });

  it('refuses an event without the path parameter instead of posting to the collection', () => {
    const request = buildHttpTargetRequest(
      { urlSetting: 'URL', method: 'PUT', pathParameterPath: '$.detail.missing' },
      input,
      settings,
      undefined,
      event,
    );
    expect(request).toMatch(/no value at \$\.detail\.missing/);
  });

  it('adds backfill-absent and replay-absent conditions to rules that do not mention them, and leaves each opt-in alone', () => {
    const [plain, optedIn, replays] = ignoreBackfill([
      { name: 'a-rule', description: 'x', pattern: { detail: { x: [1] } }, targets: [] as never },
      {
        name: 'b-rule',
        description: 'y',
        pattern: { detail: { metadata: { backfill: [{ exists: true }] } } },
        targets: [] as never,
      },
      {
        name: 'c-rule',
        description: 'z',
        pattern: { 'replay-name': [{ exists: true }], detail: { metadata: { backfill: ['replay'] } } },
        targets: [] as never,
      },
    ]);
    expect(plain?.pattern).toEqual({
      'replay-name': [{ exists: false }],
      detail: { x: [1], metadata: { backfill: [{ exists: false }] } },
    });
    expect(optedIn?.pattern).toEqual({
      'replay-name': [{ exists: false }],
      detail: { metadata: { backfill: [{ exists: true }] } },
    });
    expect(replays?.pattern).toEqual({
      'replay-name': [{ exists: true }],
      detail: { metadata: { backfill: ['replay'] } },
    });
  });
});
