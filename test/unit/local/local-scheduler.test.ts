import { afterEach, describe, expect, it, vi } from 'vitest';
import { startLocalScheduler } from '../../../infra/local/scheduler/local-scheduler.ts';
import { ScheduleSpecSchema } from '../../../infra/topology/schema.ts';

const schedule = (
  name: string,
  expression: string,
  input: Record<string, unknown> = {},
  runAtStart = false,
) => ScheduleSpecSchema.parse({ name, description: 'test', expression, function: 'sync', input, runAtStart });

describe('local scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('invokes the target with the schedule input at each fire time', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    const calls: Array<{ fn: string; input: unknown; at: string }> = [];
    const scheduler = startLocalScheduler({
      schedules: [
        schedule('erp-sync', 'rate(5 minutes)', { connector: 'sap' }),
        schedule('nightly', 'cron(0 2 * * ? *)'),
      ],
      invokeAsync: async (fn, input) => void calls.push({ fn, input, at: new Date().toISOString() }),
    });

    await vi.advanceTimersByTimeAsync(16 * 60_000);
    scheduler.stop();

    expect(calls).toEqual([
      { fn: 'sync', input: { connector: 'sap' }, at: '2026-03-01T10:05:00.000Z' },
      { fn: 'sync', input: { connector: 'sap' }, at: '2026-03-01T10:10:00.000Z' },
      { fn: 'sync', input: { connector: 'sap' }, at: '2026-03-01T10:15:00.000Z' },
    ]);
  });

  it('runs no awsOnly schedule and does not list it', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    const fired: string[] = [];
    const scheduler = startLocalScheduler({
      schedules: [
        schedule('erp-sync', 'rate(30 minutes)'),
        ScheduleSpecSchema.parse({
          name: 'inference',
          description: 'test',
          expression: 'rate(5 minutes)',
          function: 'ledger',
          awsOnly: true,
        }),
      ],
      invokeAsync: async (fn) => void fired.push(fn),
    });

    await vi.advanceTimersByTimeAsync(31 * 60_000);
    const listed = scheduler.describe().map((s) => s.name);
    scheduler.stop();

    expect(fired).toEqual(['sync']);
    expect(listed).toEqual(['erp-sync']);
  });

  it('fires cron schedules at their wall-clock times', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T01:59:00Z') });
    const fired: string[] = [];
    const scheduler = startLocalScheduler({
      schedules: [schedule('nightly', 'cron(0 2 * * ? *)')],
      invokeAsync: async () => void fired.push(new Date().toISOString()),
    });

    await vi.advanceTimersByTimeAsync(24 * 3_600_000 + 120_000);
    scheduler.stop();

    expect(fired).toEqual(['2026-03-01T02:00:00.000Z', '2026-03-02T02:00:00.000Z']);
  });

  it('fires the schedules marked runAtStart at once, before any time passes, and then on their period', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    const fired: Array<{ input: unknown; at: string }> = [];
    const scheduler = startLocalScheduler({
      schedules: [
        schedule('sync-acme-plm', 'rate(15 minutes)', { connector: 'acme-plm' }, true),
        schedule('sync-nightly-erp', 'cron(0 2 * * ? *)', { connector: 'nightly-erp' }, true),
        schedule('insights', 'rate(10 minutes)', { run: 'insights' }),
      ],
      invokeAsync: async (_fn, input) => void fired.push({ input, at: new Date().toISOString() }),
      runAtStart: true,
    });

    // No timer has run yet: the first syncs were invoked by the start itself.
    const atStart = [...fired];
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    scheduler.stop();

    expect(atStart).toEqual([
      { input: { connector: 'acme-plm' }, at: '2026-03-01T10:00:00.000Z' },
      { input: { connector: 'nightly-erp' }, at: '2026-03-01T10:00:00.000Z' },
    ]);
    expect(fired.slice(2)).toEqual([
      { input: { run: 'insights' }, at: '2026-03-01T10:10:00.000Z' },
      { input: { connector: 'acme-plm' }, at: '2026-03-01T10:15:00.000Z' },
    ]);
  });

  it('spaces the start-up firings by runAtStartSpacingMs, in schedule order, and drops those not yet due on stop', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    const fired: Array<{ input: unknown; at: string }> = [];
    const scheduler = startLocalScheduler({
      schedules: [
        schedule('sync-erp', 'rate(5 minutes)', { connector: 'erp' }, true),
        schedule('insights', 'rate(10 minutes)', { run: 'insights' }),
        schedule('sync-pdm', 'rate(15 minutes)', { connector: 'pdm' }, true),
        schedule('sync-web', 'rate(1 minute)', { connector: 'web' }, true),
      ],
      invokeAsync: async (_fn, input) => void fired.push({ input, at: new Date().toISOString() }),
      runAtStart: true,
      runAtStartSpacingMs: 1_500,
    });

    const atStart = [...fired];
    await vi.advanceTimersByTimeAsync(1_500);
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(120_000);

    expect(atStart).toEqual([{ input: { connector: 'erp' }, at: '2026-03-01T10:00:00.000Z' }]);
    expect(fired).toEqual([
      { input: { connector: 'erp' }, at: '2026-03-01T10:00:00.000Z' },
      { input: { connector: 'pdm' }, at: '2026-03-01T10:00:01.500Z' },
    ]);
  });

  it('holds the start-up firings after the first until the gate opens (or its maximum wait passes), then spaces them', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    const fired: Array<{ input: unknown; at: string }> = [];
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const scheduler = startLocalScheduler({
      schedules: [
        schedule('sync-erp', 'rate(5 minutes)', { connector: 'erp' }, true),
        schedule('sync-pdm', 'rate(15 minutes)', { connector: 'pdm' }, true),
        schedule('sync-web', 'rate(1 minute)', { connector: 'web' }, true),
      ],
      invokeAsync: async (_fn, input) => void fired.push({ input, at: new Date().toISOString() }),
      runAtStart: true,
      runAtStartSpacingMs: 1_000,
      runAtStartGate: gate,
      runAtStartGateMaxMs: 30_000,
    });

    await vi.advanceTimersByTimeAsync(4_000);
    const beforeGate = [...fired];
    open();
    await vi.advanceTimersByTimeAsync(2_000);
    scheduler.stop();

    expect(beforeGate).toEqual([{ input: { connector: 'erp' }, at: '2026-03-01T10:00:00.000Z' }]);
    expect(fired.slice(1)).toEqual([
      { input: { connector: 'pdm' }, at: '2026-03-01T10:00:05.000Z' },
      { input: { connector: 'web' }, at: '2026-03-01T10:00:06.000Z' },
    ]);
  });

  it('opens the start-up gate after its maximum wait when the gate never opens', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    const fired: string[] = [];
    const scheduler = startLocalScheduler({
      schedules: [
        schedule('sync-erp', 'rate(5 minutes)', { connector: 'erp' }, true),
        schedule('sync-pdm', 'rate(15 minutes)', { connector: 'pdm' }, true),
      ],
      invokeAsync: async () => void fired.push(new Date().toISOString()),
      runAtStart: true,
      runAtStartGate: new Promise(() => {}),
      runAtStartGateMaxMs: 10_000,
    });

    await vi.advanceTimersByTimeAsync(10_000);
    scheduler.stop();

    expect(fired).toEqual(['2026-03-01T10:00:00.000Z', '2026-03-01T10:00:10.000Z']);
  });

  it('fires nothing at start unless asked, and stops firing once stopped', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    let count = 0;
    const scheduler = startLocalScheduler({
      schedules: [schedule('erp-sync', 'rate(1 minute)', {}, true)],
      invokeAsync: async () => void count++,
    });

    const atStart = count;
    await vi.advanceTimersByTimeAsync(60_000);
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);

    expect([atStart, count]).toEqual([0, 1]);
  });

  it('names the schedule whose expression is invalid', () => {
    expect(() =>
      startLocalScheduler({
        schedules: [schedule('broken', 'cron(0 12 * * * *)')],
        invokeAsync: async () => {},
      }),
    ).toThrow(/schedules\["broken"\]\.expression/);
  });
});
