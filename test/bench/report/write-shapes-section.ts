import type { SectionOutcome, ThroughputPhase, WriteShapesResult } from './results.ts';
import { perSecond } from './summary-rows.ts';
import { markdownTable } from './text-table.ts';

const count = (value: number) => value.toLocaleString('en');

/**
 * The most a write path can reach on this DynamoDB Local when each item it writes costs what an item with a
 * version condition costs: `ratio` raw items per item, `items` items per record. Reads are left out, so the
 * real bound is lower still.
 */
export const conditionalCeiling = (conditionalRatio: number, itemsPerRecord: number): number =>
  conditionalRatio / itemsPerRecord;

/** The request-shape section of docs/benchmarks.md: what each way of writing costs here, and the stream decay. */
export const writeShapesSection = (
  w: WriteShapesResult,
  ingestion: SectionOutcome<ThroughputPhase>,
): string[] => {
  const conditional = w.runs.find((run) => run.shape === 'versioned-update' && run.streams);
  const d = w.decay;
  const lines = [
    `${count(w.items)} ~400-byte items per shape, each shape in a fresh in-memory DynamoDB Local of its own with the`,
    "store's table layout, between two runs of BatchWriteItem (25 per call, 8 in flight) writing as many into tables of",
    "their own in the same JVM: the ratio is what one item written that way costs against the raw baseline's items.",
    '',
    markdownTable(
      [
        ['shape', 'stream', 'in flight', 'items / request', 'rate', 'raw', 'ratio'],
        ...w.runs.map((run) => [
          run.description,
          run.streams ? 'yes' : 'no',
          String(run.concurrency),
          String(run.itemsPerRequest),
          perSecond(run.perSecond),
          perSecond(run.rawPerSecond),
          run.ratio.toFixed(2),
        ]),
      ],
      [2, 3, 4, 5, 6],
    ),
    '',
    `**Stream decay**: BatchWriteItem into a table with a stream ran at ${perSecond(d.withStreamFresh)} on a fresh JVM and at`,
    `${perSecond(d.withStreamAfter)} after ${count(d.streamRecordsBetween)} more items were written into another table with a stream`,
    `(${(d.withStreamAfter / d.withStreamFresh).toFixed(2)} ×); into tables without a stream ${perSecond(d.withoutStreamFresh)} and ${perSecond(d.withoutStreamAfter)}.`,
    "Every table here was created before the first write: DynamoDB Local slows every stream table's writes by the",
    'stream records it holds (it keeps them 24 hours), whichever table they came from.',
    '',
  ];
  if (conditional && ingestion.status === 'measured') {
    const items = ingestion.result.itemsWrittenPerRecord;
    lines.push(
      `**What this bounds**: an item written with a condition costs ${(1 / conditional.ratio).toFixed(1)} raw items here. A write path`,
      `that writes the ingestion mix's ${items.toFixed(2)} items per record that way cannot pass`,
      `${conditionalCeiling(conditional.ratio, items).toFixed(2)} × raw on this DynamoDB Local, before any read; the phase measured ${ingestion.result.ratio.toFixed(2)} ×.`,
      'The 0.6 × budget needs a record written as less than one conditional item, which order safety (a version',
      'condition per record) rules out here: only unconditional BatchWriteItem items come at the raw price.',
      '',
    );
  }
  return lines;
};
