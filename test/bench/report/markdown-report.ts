import type { BenchResults, LatencySummary } from './results.ts';
import { budgetRows, kib, ms, notMeasured, perSecond } from './summary-rows.ts';
import { markdownTable } from './text-table.ts';

const latencyRow = (label: string, s: LatencySummary): string[] => [
  label,
  String(s.samples),
  ms(s.p50Ms),
  ms(s.p95Ms),
  ms(s.p99Ms),
  ms(s.maxMs),
];

const missingLine = (what: string, text: string | undefined) => (text ? [`**${what}: ${text}**`, ''] : []);

/** docs/benchmarks.md: the budgets of DESIGN.md, what this machine measured against them, and how. */
export const renderMarkdownReport = (results: BenchResults): string => {
  const m = results.machine;
  const lines: string[] = [
    '# Benchmarks',
    '',
    'The performance budgets of the design (DESIGN.md, "Budgets"), measured by',
    '`npm run bench` (this file and `test/bench/results.json` are written by `npm run bench -- --write`;',
    '`--quick` runs smaller sizes, `--only functions,ingestion,query,freshness` a subset). The bench prints',
    'PASS/FAIL per budget but exits 0 unless a measurement crashed: CI machines are shared and noisy, so it',
    'reports and nothing gates on it. No test asserts a timing.',
    '',
    `Measured ${m.measuredAt} (${results.mode} run, ${results.totalSeconds.toFixed(0)} s) at commit \`${m.commit}\` on`,
    `${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB RAM, ${m.os}, Node ${m.node}, ${m.java};`,
    `load average ${m.loadAverageAtStart.join(' / ')} at start (the machine was shared with other work).`,
    '',
    '## Budgets',
    '',
    markdownTable(budgetRows(results)),
    '',
  ];

  lines.push('## Ingestion', '');
  if (results.ingestion.status === 'measured') {
    const r = results.ingestion.result;
    lines.push(
      `${r.records} synthetic canonical records (customers, orders with lines, invoices, shipments, web activity,`,
      `contacts; ${r.averageRecordBytes.toFixed(0)} B each as JSON), stream by stream as an initial sync delivers them, ingested`,
      `in pages of ${r.pageSize} through \`createCustomerStore(...).ingest\` into DynamoDB Local — the same DynamoDB Local`,
      `process the raw baseline writes to: ${r.records} items of one record each with BatchWriteItem (25 per call,`,
      `${r.raw.concurrency} calls in flight, the store's own commit concurrency), run before and after the pipeline and averaged.`,
      '',
      markdownTable(
        [
          ['run', 'seconds', 'rate', 'WCU', 'WCU per record', 'RCU per record', 'requests'],
          [
            'store ingest',
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
            'raw BatchWriteItem',
            r.raw.seconds.toFixed(2),
            `${perSecond(r.raw.perSecond)} (${r.raw.runsPerSecond.map((v) => v.toFixed(0)).join(' / ')})`,
            r.raw.writeUnits.toFixed(0),
            r.rawWriteUnitsPerItem.toFixed(2),
            '0',
            Object.entries(r.raw.requests)
              .map(([op, n]) => `${op} ${n}`)
              .join(', '),
          ],
        ],
        [1, 2, 3, 4, 5],
      ),
      '',
      `Ratio ${r.ratio.toFixed(2)} (budget ≥ 0.6). Outcomes: ${Object.entries(r.outcomes)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}.`,
      '',
      'Write cost is what DynamoDB reports with `ReturnConsumedCapacity: TOTAL` (a metering middleware on the',
      "store's injected client; index writes included), except for TransactWriteItems: DynamoDB Local reports a",
      'transaction as if it held one item, so those are priced from the request body the way DynamoDB prices',
      'them — 2 WCU per started KB of each item, plus 1 per KB for each index the item lands in; updates and',
      `deletes are priced from what the request carries, so that part is a lower bound. ${r.pipeline.estimatedWriteUnits.toFixed(0)} of the`,
      `${r.pipeline.writeUnits.toFixed(0)} WCU were priced that way.`,
      '',
    );
    const c = r.connector;
    if (c.status === 'measured') {
      lines.push(
        `**Connector → ingest**: the \`${c.result.system}\` connector read the sandbox ERP over OData v2 (paging,`,
        'incremental filters, checkpoint after each committed page) and ingested into a fresh table of the same',
        `DynamoDB Local: ${c.result.records} source records in ${c.result.seconds.toFixed(2)} s = ${perSecond(c.result.recordsPerSecond)}, ${c.result.ratio.toFixed(2)} × the raw rate.`,
        '',
        markdownTable(
          [
            ['stream', 'records', 'pages', 'source requests', 'retries', 'seconds'],
            ...c.result.streams.map((s) => [
              s.stream,
              String(s.records),
              String(s.pages),
              String(s.requests),
              String(s.retries),
              s.seconds.toFixed(2),
            ]),
          ],
          [1, 2, 3, 4, 5],
        ),
        '',
      );
    } else lines.push(...missingLine('Connector → ingest', notMeasured(c)));
  } else lines.push(...missingLine('Ingestion', notMeasured(results.ingestion)));

  lines.push('## Query API', '');
  if (results.query.status === 'measured') {
    const r = results.query.result;
    lines.push(
      `${r.customers} customers (${r.itemsPerCustomer.toFixed(1)} items per customer partition) loaded into the local hub's table;`,
      `every one read once through the store: at most ${r.queryCallsPerRead} DynamoDB Query call(s) per customer-360 read.`,
      `Then ${r.gateway.samples} rounds after ${r.warmupRounds} warm-up rounds, each one \`GET /customers/{id}\` through the local`,
      'gateway (real HTTP, a dev token with `customers:read`, JWT check, the `api-customers-read` handler with Lambda',
      'semantics) and one raw Query of the same partition on the same DynamoDB Local, alternating which goes first.',
      '',
      markdownTable(
        [
          ['path', 'samples', 'p50', 'p95', 'p99', 'max'],
          latencyRow('`GET /customers/{id}` via the gateway', r.gateway),
          latencyRow('raw Query of the same partition', r.raw),
        ],
        [1, 2, 3, 4, 5],
      ),
      '',
      `p99 ratio ${r.p99Ratio.toFixed(2)} (budget ≤ 2).`,
      '',
    );
  } else lines.push(...missingLine('Query API', notMeasured(results.query)));

  lines.push('## Functions', '');
  if (results.functions.status === 'measured') {
    const r = results.functions.result;
    lines.push(
      `Every topology function bundled by CDK itself (the real \`HubStack\` synthesized, so the bundling is exactly`,
      "`HubFunction`'s: minified ESM for Node 22 with source maps; sizes from `infra/aws/report/bundle-sizes.ts`).",
      "Bytes per input module are read from each bundle's source map. Cold import is `await import(bundle)` in a",
      "fresh `node` process with the function's environment (including `NODE_OPTIONS=--enable-source-maps`),",
      `median of ${r.functions[0]?.coldLoad?.samples ?? 0} runs. Synthesis and bundling took ${r.synthSeconds.toFixed(1)} s.`,
      '',
      markdownTable(
        [
          ['function', 'bundle', 'gzip', 'cold import p50', 'largest inputs'],
          ...r.functions.map((f) => [
            f.name,
            kib(f.bytes),
            kib(f.gzipBytes),
            f.coldLoad ? ms(f.coldLoad.p50Ms) : `failed: ${f.coldLoadError ?? ''}`,
            f.largestInputs
              .slice(0, 5)
              .map((i) => `${i.module} ${kib(i.bytes)}`)
              .join(', '),
          ]),
        ],
        [1, 2, 3],
      ),
      '',
      'Code a function cannot use, judged from its topology declaration (SDK clients without the matching grant,',
      'write paths in read-only functions, source protocols outside scheduled functions, zod locales nothing',
      'configures, local-runtime, sandbox, test and build code):',
      '',
    );
    const offenders = r.functions.filter((f) => f.unusedModules.length > 0);
    if (offenders.length === 0) lines.push('none found.', '');
    else
      lines.push(
        markdownTable(
          [
            ['function', 'module', 'bytes', 'why it cannot be used'],
            ...offenders.flatMap((f) =>
              f.unusedModules.map((u) => [f.name, `\`${u.module}\``, kib(u.bytes), u.why]),
            ),
          ],
          [2],
        ),
        '',
      );
  } else lines.push(...missingLine('Functions', notMeasured(results.functions)));

  lines.push('## Freshness', '');
  if (results.freshness.status === 'measured') {
    const r = results.freshness.result;
    lines.push(
      'The local hub started with its own sandbox, settled after the initial sync; then a sandbox tick created new',
      'ERP orders and the ERP connector schedules were fired exactly as the local scheduler fires them, at the first',
      `moment the connectors' ${r.lagMs} ms lag lets them see the change. Timed from the change to the`,
      `\`${r.reaction}\` reaction's arrival in the sandbox's ERP/MRP inbox: connector poll, ingest, DynamoDB stream`,
      '(polled), stream publisher, bus rule, HTTP target.',
      '',
      markdownTable(
        [
          ['sample', 'change → reaction', 'poll → reaction'],
          ...r.samples.map((s, i) => [String(i + 1), ms(s.endToEndMs), ms(s.afterPollMs)]),
        ],
        [1, 2],
      ),
      '',
      ...(r.misses.length > 0 ? [`Misses: ${r.misses.join('; ')}.`, ''] : []),
      `That is the best alignment of a poll with the change; at worst the change just misses a poll and waits one`,
      `more poll interval (${(r.pollIntervalMs / 1000).toFixed(0)} s), so the worst case is ${((r.pollIntervalMs + r.worstMs) / 1000).toFixed(1)} s against a budget of`,
      `${(r.budgetMs / 1000).toFixed(1)} s: the budget holds when change → reaction is ≤ 2 s.`,
      '',
    );
  } else lines.push(...missingLine('Freshness', notMeasured(results.freshness)));

  return `${lines.join('\n')}\n`;
};
