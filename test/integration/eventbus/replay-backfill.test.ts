import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { ignoreBackfill } from '../../../infra/topology/parts/ignore-backfill.ts';
import { startRecordingServer } from '../../support/recording-server.ts';
import { entry, rules, startTestBus, type TestBus } from './bus-fixture.ts';

const signal = (n: number) =>
  entry(
    {
      metadata: {
        eventId: `e-${n}`,
        correlationId: `c-${n}`,
        occurredAt: '2026-03-02T10:00:00Z',
        producer: 'test',
      },
      n,
    },
    { Source: 'hub360.demand', DetailType: 'DemandSignalRaised' },
  );

/** History is not news, also for a replay of the archive: the replayed events say they are backfill. */
describe('rules replay marks re-delivered events as backfill', () => {
  let t: TestBus | undefined;
  let erp: Awaited<ReturnType<typeof startRecordingServer>> | undefined;

  afterEach(async () => {
    await t?.close();
    await erp?.stop();
  });

  const start = async () => {
    erp = await startRecordingServer();
    const url = erp.url;
    t = await startTestBus({
      resolveSetting: () => url,
      rules: rules(
        // A reaction rule as the topology declares it: backfill ignored.
        ...ignoreBackfill([
          {
            name: 'live-only',
            description: 'reaction rule, ignores backfill',
            pattern: { source: ['hub360.demand'] },
            targets: [{ kind: 'http', id: 'erp', urlSetting: 'ERP_URL', inputPath: '$' }],
          },
        ]),
        // A rule that opts in to replays by saying so in its pattern.
        {
          name: 'replays-too',
          description: 'opts in to replays',
          pattern: {
            source: ['hub360.demand'],
            detail: { metadata: { backfill: [{ exists: false }, 'replay'] } },
          },
          targets: [{ kind: 'http', id: 'audit', urlSetting: 'AUDIT_URL', inputPath: '$' }],
        },
      ),
    });
    await t.client.send(new PutEventsCommand({ Entries: [signal(1), signal(2)] }));
    await t.bus.drain();
    return t;
  };

  it('re-delivers nothing to a rule that ignores backfill and says how many it left out', async () => {
    const bus = await start();
    const before = erp?.requests.length;

    const result = bus.bus.operations.replay('live-only', new Date(Date.now() - 3_600_000));
    await bus.bus.drain();

    expect(before).toBe(4);
    expect(result).toMatchObject({ scanned: 2, replayed: 0, ignoredAsBackfill: 2 });
    expect(erp?.requests).toHaveLength(4);
  });

  it('re-delivers to a rule that opts in, with metadata.backfill "replay" and the replay name', async () => {
    const bus = await start();

    const result = bus.bus.operations.replay('replays-too', new Date(Date.now() - 3_600_000));
    await bus.bus.drain();

    const replayed = (erp?.requests ?? []).slice(4).map((r) => JSON.parse(r.body));
    expect(result).toMatchObject({ scanned: 2, replayed: 2, ignoredAsBackfill: 0 });
    expect(replayed.map((e) => [e.detail.n, e.detail.metadata.backfill, e['replay-name']])).toEqual([
      [1, 'replay', result.replayName],
      [2, 'replay', result.replayName],
    ]);
    expect(replayed[0].detail.metadata.eventId).toBe('e-1');
  });
});
