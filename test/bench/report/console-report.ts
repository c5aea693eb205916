import { matcherRows } from '../matcher/measure-matcher.ts';
import type { BenchResults, LatencySummary } from './results.ts';
import { budgetRows, kib, ms, notMeasured, perSecond } from './summary-rows.ts';
import { textTable } from './text-table.ts';

const latencyRow = (label: string, s: LatencySummary): string[] => [
  label,
  String(s.samples),
  ms(s.p50Ms),
  ms(s.p95Ms),
  ms(s.p99Ms),
  ms(s.maxMs),
];

const heading = (title: string) => `\n== ${title} ${'='.repeat(Math.max(0, 72 - title.length))}`;

/** The bench's report for a terminal: budgets first, then the figures behind each. */
export const renderConsoleReport = (results: BenchResults): string => {
  const m = results.machine;
  const out: string[] = [
    `hub360 bench (${results.mode}) — ${results.totalSeconds.toFixed(0)} s on ${m.cpus}× ${m.cpuModel}, ${m.memoryGb} GB, ` +
      `${m.os}, Node ${m.node}, ${m.java}, load ${m.loadAverageAtStart.join(' ')} at start, commit ${m.commit}`,
    heading('Budgets'),
    textTable(budgetRows(results)),
  ];

  out.push(heading('Ingestion'));
  if (results.ingestion.status === 'measured') {
    const r = results.ingestion.result;
    out.push(
      textTable([
        ['run', 'items', 'seconds', 'rate', 'WCU', 'WCU / record', 'RCU / record', 'requests'],
        [
          `store ingest (pages of ${r.pageSize})`,
          String(r.records),
          r.pipeline.seconds.toFixed(2),
          perSecond(r.pipeline.perSecond),
          r.pipeline.writeUnits.toFixed(0),
          r.writeUnitsPerRecord.toFixed(2),
          r.readUnitsPerRecord.toFixed(2),
          Object.entries(r.pipeline.requests)
            .map(([op, n]) => `${op} ${n}`)
            .join(', '),
        ],
        [
          `raw BatchWriteItem ×${r.raw.concurrency} (mean of 2)`,
          String(r.records),
          r.raw.seconds.toFixed(2),
          perSecond(r.raw.perSecond),
          r.raw.writeUnits.toFixed(0),
          r.rawWriteUnitsPerItem.toFixed(2),
          '0.00',
          r.raw.runsPerSecond.map((v) => perSecond(v)).join(' / '),
        ],
      ]),
      `records average ${r.averageRecordBytes.toFixed(0)} B as JSON; outcomes ${JSON.stringify(r.outcomes)}; ` +
        `${r.pipeline.estimatedWriteUnits.toFixed(0)} of the pipeline's WCU priced from transaction bodies`,
    );
    const c = r.connector;
    out.push(
      c.status === 'measured'
        ? `connector ${c.result.system} → ingest: ${c.result.records} source records in ${c.result.seconds.toFixed(2)} s = ${perSecond(c.result.recordsPerSecond)} (${c.result.ratio.toFixed(2)} × raw); ${c.result.streams.map((s) => `${s.stream} ${s.records} in ${s.seconds.toFixed(1)} s`).join(', ')}`
        : `connector → ingest: ${notMeasured(c)}`,
    );
  } else out.push(notMeasured(results.ingestion) ?? '');

  out.push(heading('Query API'));
  if (results.query.status === 'measured') {
    const r = results.query.result;
    out.push(
      `${r.customers} customers, ${r.itemsPerCustomer.toFixed(1)} items per partition, ${r.queryCallsPerRead} Query call(s) per read, ${r.warmupRounds} warm-up rounds`,
      textTable([
        ['path', 'samples', 'p50', 'p95', 'p99', 'max'],
        latencyRow('GET /customers/{id} via gateway', r.gateway),
        latencyRow('raw Query, same partition', r.raw),
      ]),
    );
  } else out.push(notMeasured(results.query) ?? '');

  out.push(heading('Functions'));
  if (results.functions.status === 'measured') {
    const r = results.functions.result;
    out.push(
      `synthesized and bundled by CDK in ${r.synthSeconds.toFixed(1)} s`,
      textTable([
        ['function', 'bundle', 'gzip', 'cold import p50', 'largest inputs', 'code it cannot use'],
        ...r.functions.map((f) => [
          f.name,
          kib(f.bytes),
          kib(f.gzipBytes),
          f.coldLoad ? ms(f.coldLoad.p50Ms) : `failed: ${f.coldLoadError ?? ''}`,
          f.largestInputs
            .slice(0, 4)
            .map((i) => `${i.module} ${kib(i.bytes)}`)
            .join(', '),
          f.unusedModules.map((u) => `${u.module} ${kib(u.bytes)} (${u.why})`).join('; ') || '—',
        ]),
      ]),
    );
  } else out.push(notMeasured(results.functions) ?? '');

  out.push(heading('Freshness'));
  if (results.freshness.status === 'measured') {
    const r = results.freshness.result;
    out.push(
      `${r.reaction}: change → reaction ${r.samples.map((s) => ms(s.endToEndMs)).join(', ')}; poll → reaction ${r.samples.map((s) => ms(s.afterPollMs)).join(', ')} (poll fired at the first moment the ${r.lagMs} ms connector lag allows); ` +
        `poll interval ${(r.pollIntervalMs / 1000).toFixed(0)} s; worst case ${((r.pollIntervalMs + r.worstMs) / 1000).toFixed(1)} s vs budget ${(r.budgetMs / 1000).toFixed(1)} s`,
    );
    out.push(...r.misses);
  } else out.push(notMeasured(results.freshness) ?? '');

  out.push(heading('Event bus matcher'));
  if (results.matcher.status === 'measured') {
    out.push(
      `${results.matcher.result.events} distinct events cycled`,
      textTable(matcherRows(results.matcher.result)),
    );
  } else out.push(notMeasured(results.matcher) ?? '');
  return out.join('\n');
};
