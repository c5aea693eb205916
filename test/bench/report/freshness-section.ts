import type { FreshnessResult, FreshnessStages } from './results.ts';
import { ms } from './summary-rows.ts';
import { markdownTable } from './text-table.ts';

/** The stages of a change's way, in order, with the names the report shows. */
const STAGES: readonly (readonly [keyof FreshnessStages, string])[] = [
  ['lagAndPollWait', 'lag + poll wait'],
  ['syncUntilRead', 'sync → read'],
  ['ingestAndStream', 'ingest + stream'],
  ['demandEvaluation', 'demand'],
  ['signalStream', 'signal stream'],
  ['publish', 'publish'],
  ['busToTarget', 'bus → target'],
];

const cell = (value: number | undefined) => (value === undefined ? '—' : ms(value));
const seconds = (valueMs: number) => `${(valueMs / 1000).toFixed(1)} s`;

/** The freshness section of docs/benchmarks.md: every sample with where its time went, then the medians. */
export const freshnessSection = (f: FreshnessResult): string[] => [
  `${f.change} until the \`${f.reaction}\` reaction arrives at ERP planning, on a hub polling every connector every`,
  `${seconds(f.pollIntervalMs)} (HUB360_CONNECTOR_POLL_SECONDS), stream poll ${f.streamPollMs} ms, connector lag ${f.lagMs} ms; changes`,
  'made at spread-out moments of the poll cycle. *Over poll* is end to end minus the wait from the change being',
  `visible to the poll that read it: at worst a change waits one poll interval more. Budget: over poll ≤ ${seconds(f.budgetMs - f.pollIntervalMs)}.`,
  `Load average ${f.loadAverage.start.map((v) => v.toFixed(2)).join(' / ')} at the first sample, ${f.loadAverage.end.map((v) => v.toFixed(2)).join(' / ')} at the last.`,
  '',
  markdownTable(
    [
      ['sample', 'change → reaction', 'poll wait', 'over poll', ...STAGES.map(([, name]) => name)],
      ...f.samples.map((s, i) => [
        String(i + 1),
        ms(s.endToEndMs),
        ms(s.pollWaitMs),
        ms(s.overPollMs),
        ...STAGES.map(([key]) => cell(s.stages[key])),
      ]),
      [
        'median',
        f.endToEnd ? ms(f.endToEnd.p50Ms) : '—',
        '',
        f.overPoll ? ms(f.overPoll.p50Ms) : '—',
        ...STAGES.map(([key]) => cell(f.stageMediansMs[key])),
      ],
    ],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  ),
  '',
  ...(f.overPoll && f.endToEnd
    ? [
        `p50 / p95: change → reaction ${ms(f.endToEnd.p50Ms)} / ${ms(f.endToEnd.p95Ms)}; over poll ${ms(f.overPoll.p50Ms)} / ${ms(f.overPoll.p95Ms)}.`,
        '',
      ]
    : []),
  ...(f.misses.length > 0 ? [`Misses: ${f.misses.join('; ')}.`, ''] : []),
];
