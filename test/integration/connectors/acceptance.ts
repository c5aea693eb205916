import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimeBudget } from '../../../connectors/kit/time-budget.ts';
import { unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import { type ConnectorExpectation, storeRecordKey } from './expectations.ts';
import { type Harness, maxInWindow, startHarness } from './harness.ts';

const PAGE = 8;
const RATE = { requestsPerSecond: 5, burst: 2 };

/** A budget that runs out after `pages` committed pages, as a Lambda nearing its timeout would. */
const pageBudget = (pages: number) => {
  let left = pages;
  const budget: TimeBudget = { remainingMs: () => (left > 0 ? Number.POSITIVE_INFINITY : -1) };
  return { budget, onPage: () => (left -= 1) };
};

/**
 * The acceptance suite of one connector against its sandbox system and a real customer-360 store in
 * DynamoDB Local (issue 4, "Done when").
 */
export const describeConnectorAcceptance = (expectation: ConnectorExpectation) => {
  const { connector, system } = expectation;

  describe(`${connector} connector against its sandbox`, () => {
    let h: Harness;
    const sync = (
      options: {
        full?: boolean;
        streams?: string[];
        budget?: TimeBudget;
        signal?: AbortSignal;
        onPage?: () => void;
      } = {},
    ) =>
      h.service.sync(
        { connector, full: options.full ?? false, ...(options.streams ? { streams: options.streams } : {}) },
        {
          timeBudget: options.budget ?? unlimitedTimeBudget,
          reserveMs: 0,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onPage ? { onPage: options.onPage } : {}),
        },
      );

    /** Asserts the store holds exactly the source's current records of every stream (none missing, none extra). */
    const expectStoreEqualsSource = async () => {
      const stored = await h.storedRecords();
      const truth = h.sandbox.truth();
      for (const s of expectation.streams) {
        const prefix = storeRecordKey(s.entity, connector, s.stream, '');
        const live = [...stored]
          .filter(([key, v]) => key.startsWith(prefix) && !v.deleted)
          .map(([key]) => key.slice(prefix.length));
        expect(new Set(live), `${connector}/${s.stream}`).toEqual(new Set(s.keys(truth)));
      }
    };

    beforeAll(async () => {
      h = await startHarness({
        only: connector,
        sandbox: {
          scale: 5,
          clickstreamHistoryDays: 1,
          pageSizes: {
            sapS4: PAGE,
            businessCentral: PAGE,
            windchill: PAGE,
            oracleScm: PAGE,
            serviceDesk: PAGE,
          },
        },
        connector: { rateBudget: RATE, retry: { baseDelayMs: 100 } },
        streamSource: system === 'oracleScm' ? { paging: { kind: 'offset', limit: PAGE } } : {},
      });
    });
    afterAll(async () => {
      await h?.stop();
    });

    // An HTTP source is read through ties across page boundaries and 429/5xx/malformed answers; a folder
    // source (clickstream) has no pages or status codes, so it is read through the fault a first load of a
    // landing zone meets: a file landed late under an older key than files already there. (Events delivered
    // twice are the incremental case below; here they would break the next test's one-read-per-record check.)
    it(
      system
        ? 'reads everything the source holds, with ties across page boundaries and 429/5xx/malformed responses'
        : 'reads everything the source holds, including a file landed late under an older key',
      async () => {
        if (system) {
          for (const s of expectation.streams) {
            h.sandbox.faults[system].inject({ kind: 'tieTimestamps', stream: s.sourceName, count: PAGE + 3 });
          }
          h.sandbox.faults[system].inject({ kind: 'rateLimit', retryAfterSeconds: 2, afterRequests: 1 });
          h.sandbox.faults[system].inject({ kind: 'serverError', afterRequests: 2 });
          h.sandbox.faults[system].inject({ kind: 'malformedJson', afterRequests: 3 });
        } else {
          await h.sandbox.tick();
          h.sandbox.faults.clickstream.inject({ kind: 'lateFile', ageMinutes: 60 });
          await h.sandbox.tick();
        }

        const result = await sync({ full: true });

        expect(result.failed).toEqual([]);
        expect(result.caughtUp).toBe(true);
        expect(result.streams.reduce((n, s) => n + s.recordsQuarantined, 0)).toBe(0);
        if (system) {
          const faulted = h.sandbox.requestLog
            .list(system)
            .filter((r) => r.status === 429 || r.status >= 500);
          expect(faulted.length).toBeGreaterThanOrEqual(2);
          expect(result.streams.reduce((n, s) => n + s.retries, 0)).toBeGreaterThanOrEqual(faulted.length);
          // The server asked for two seconds: the (virtual) clock waited at least that long.
          expect(h.clock.slept()).toBeGreaterThanOrEqual(2000);
        } else {
          // Every event was read, the late file's included, each once: a full read of the folder.
          const unique = expectation.streams.reduce((n, s) => n + s.keys(h.sandbox.truth()).length, 0);
          const read = result.streams.reduce((n, s) => n + s.recordsRead, 0);
          expect(read).toBe(unique);
        }
        await expectStoreEqualsSource();
      },
    );

    it('resumes from every checkpoint of that run without missing or duplicating a record', async () => {
      const truth = h.sandbox.truth();
      const firstRun = [...h.checkpoints];
      const committedFirst = h.recorder.all();
      let resumedFrom = 0;
      for (const s of expectation.streams) {
        const expected = new Set(s.keys(truth).map((k) => storeRecordKey(s.entity, connector, s.stream, k)));
        const ofStream = firstRun.filter((c) => c.stream === s.stream && c.connector === connector);
        expect(ofStream.length, `${s.stream} checkpoints`).toBeGreaterThan(0);
        resumedFrom += ofStream.length - 1;
        for (const checkpoint of ofStream.slice(0, -1)) {
          const before = new Set(committedFirst.slice(0, checkpoint.committed).map((r) => r.recordKey));
          await h.state.saveCheckpoint(connector, s.stream, checkpoint.state, new Date().toISOString());
          const mark = h.recorder.all().length;

          await sync({ streams: [s.stream] });

          const resumed = h.recorder
            .all()
            .slice(mark)
            .map((r) => r.recordKey);
          expect(resumed.length, `${s.stream}: no record twice in one resumed run`).toBe(
            new Set(resumed).size,
          );
          const missing = [...expected].filter((key) => !before.has(key) && !resumed.includes(key));
          expect(missing, `${s.stream} resumed from checkpoint ${ofStream.indexOf(checkpoint)}`).toEqual([]);
        }
      }
      // Small streams fit one page; the connector as a whole must have had pages to resume between.
      expect(resumedFrom).toBeGreaterThan(0);
      await expectStoreEqualsSource();
    });

    it('picks up late rows and fresh changes in the next incremental run', async () => {
      if (system) {
        for (const s of expectation.streams) {
          h.sandbox.faults[system].inject({
            kind: 'lateRows',
            stream: s.sourceName,
            count: 2,
            ageMinutes: 3,
          });
        }
      } else {
        h.sandbox.faults.clickstream.inject({ kind: 'lateFile', ageMinutes: 60 });
        h.sandbox.faults.clickstream.inject({ kind: 'duplicateEvents', count: 3 });
      }
      await h.sandbox.tick();
      await h.sandbox.tick();

      const result = await sync();

      expect(result.failed).toEqual([]);
      await expectStoreEqualsSource();
    });

    it('resumes without loss after a crash while committing a page and after being killed mid-run', async () => {
      await h.sandbox.tick();
      // Take in the tick's changes (and deletes) first: a full re-read is a snapshot and reports no deletes.
      await sync();
      h.recorder.crashOnCall(2);
      const crashed = await sync({ full: true });
      expect(crashed.failed.length).toBe(1);

      const killer = new AbortController();
      let pages = 0;
      // A run stopped from outside is not a failure: it ends as stopped, with its reason and its checkpoints.
      const killed = await sync({
        full: true,
        signal: killer.signal,
        onPage: () => {
          pages += 1;
          if (pages === 2) killer.abort(new Error('killed'));
        },
      });
      expect([killed.stopped, killed.caughtUp]).toEqual(['Error: killed', false]);

      const recovered = await sync();

      expect(recovered.failed).toEqual([]);
      await expectStoreEqualsSource();
    });

    it('stops within its time budget with a checkpoint and continues in the next invocation', async () => {
      const { budget, onPage } = pageBudget(1);

      const first = await sync({ full: true, budget, onPage });
      const statuses = await h.state.listRunStatuses(connector);

      expect(first.caughtUp).toBe(false);
      expect(statuses.some((s) => s.status === 'stopped')).toBe(true);
      let next = await sync();
      for (let i = 0; i < 5 && !next.caughtUp; i += 1) next = await sync();
      expect(next.caughtUp).toBe(true);
      await expectStoreEqualsSource();
    });

    it('quarantines invalid records with their reason, counts them and syncs the rest', async () => {
      if (system) {
        h.sandbox.faults[system].inject({ kind: 'invalidRecord', problem: 'badDate' });
        h.sandbox.faults[system].inject({ kind: 'invalidRecord', problem: 'missingKey', afterRequests: 1 });
      } else {
        h.sandbox.faults.clickstream.inject({ kind: 'malformedLine' });
        h.sandbox.faults.clickstream.inject({ kind: 'invalidEvent', problem: 'missingMessageId' });
        await h.sandbox.tick();
      }

      const result = await sync({ full: true });
      const quarantined = await h.state.listQuarantine({ connector });

      expect(result.streams.flatMap((s) => s.error ?? [])).toEqual([]);
      expect(result.streams.reduce((n, s) => n + s.recordsQuarantined, 0)).toBeGreaterThanOrEqual(2);
      // A record served corrupted once may come again, as it is, later in the same run (a page boundary moved by
      // the records earlier tests added): the store then holds a valid version and its entry leaves again.
      const released = result.streams.reduce((n, s) => n + (s.recordsReleased ?? 0), 0);
      expect(quarantined.length + released).toBeGreaterThanOrEqual(2);
      expect(quarantined.every((q) => q.reason.length > 0 && q.raw !== undefined)).toBe(true);
      // The corrupted copies were served once; the next run reads the records as they really are.
      await sync({ full: true });
      await expectStoreEqualsSource();
    });

    // A folder source (clickstream) sends no HTTP requests, so it has no rate budget to keep: skipped, named.
    it.skipIf(system === undefined)(
      system === undefined
        ? 'never exceeds the source rate budget (skipped: a folder source sends no HTTP requests)'
        : 'never exceeds the source rate budget',
      () => {
        const times = h.sent.map((s) => s.at);
        const ceiling = RATE.burst + RATE.requestsPerSecond;
        const logged = system
          ? h.sandbox.requestLog.count(system) + h.sandbox.requestLog.count('identity')
          : Number.NaN;

        expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(ceiling);
        expect(h.sent.length).toBe(logged);
        expect(h.sent.length).toBeGreaterThan(ceiling);
      },
    );
  });
};
