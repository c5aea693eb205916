import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createStoreItemsReader,
  ITEMS_PER_SEGMENT,
  MAX_SEGMENTS,
  MIN_SEGMENTS,
  segmentsFor,
} from '../../../adapters/dynamodb/scan-store-items.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
afterEach(() => dynamo.reset());

/** Serves each segment two pages (one item each) after a tick, and records how many segments were read at once. */
const twoPagesPerSegment = () => {
  let open = 0;
  let mostOpen = 0;
  const segmentsRead: number[] = [];
  dynamo.on(ScanCommand).callsFake(async (input: ScanCommandInput) => {
    const segment = input.Segment ?? 0;
    if (!input.ExclusiveStartKey) {
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      segmentsRead.push(segment);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (input.ExclusiveStartKey) {
      open -= 1;
      return { Items: [{ pk: `CUST#${segment}`, sk: 'REC#2' }] };
    }
    return { Items: [{ pk: `CUST#${segment}`, sk: 'REC#1' }], LastEvaluatedKey: { pk: `CUST#${segment}` } };
  });
  return { segmentsRead, mostOpen: () => mostOpen };
};

const readAll = async (reader: ReturnType<typeof createStoreItemsReader>) => {
  const items: string[] = [];
  for await (const page of reader.readAll()) items.push(...page.map((item) => `${item.pk}/${item.sk}`));
  return items.sort();
};

describe('segmentsFor: enough segments that none is large', () => {
  it('gives a small or unknown table the minimum and grows one segment per ITEMS_PER_SEGMENT items', () => {
    expect(segmentsFor(undefined)).toBe(MIN_SEGMENTS);
    expect(segmentsFor(0)).toBe(MIN_SEGMENTS);
    expect(segmentsFor(MIN_SEGMENTS * ITEMS_PER_SEGMENT)).toBe(MIN_SEGMENTS);
    expect(segmentsFor(MIN_SEGMENTS * ITEMS_PER_SEGMENT + 1)).toBe(MIN_SEGMENTS + 1);
    expect(segmentsFor(1_600_000)).toBe(800);
    expect(segmentsFor(50_000_000)).toBe(MAX_SEGMENTS);
  });
});

describe('the store items reader', () => {
  it('reads as many segments as the described item count asks for, 8 at a time, and every page of each', async () => {
    dynamo.on(DescribeTableCommand).resolves({ Table: { ItemCount: 25 * ITEMS_PER_SEGMENT } });
    const scans = twoPagesPerSegment();

    const items = await readAll(createStoreItemsReader(client, 'hub', { attributes: ['pk', 'sk'] }));

    expect(scans.segmentsRead.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(scans.mostOpen()).toBe(8);
    expect(items).toHaveLength(50);
    expect(new Set(items).size).toBe(50);
    const first = dynamo.commandCalls(ScanCommand)[0]?.args[0].input;
    expect(first).toMatchObject({
      TotalSegments: 25,
      ProjectionExpression: '#a0, #a1',
      ConsistentRead: true,
    });
  });

  it('takes an explicit segment count and in-flight bound without describing the table', async () => {
    const scans = twoPagesPerSegment();

    const items = await readAll(createStoreItemsReader(client, 'hub', { segments: 3, segmentsInFlight: 2 }));

    expect(dynamo.commandCalls(DescribeTableCommand)).toHaveLength(0);
    expect(scans.segmentsRead.sort()).toEqual([0, 1, 2]);
    expect(scans.mostOpen()).toBe(2);
    expect(items).toHaveLength(6);
  });

  it('reads one unsegmented Scan when asked for one segment', async () => {
    twoPagesPerSegment();

    await readAll(createStoreItemsReader(client, 'hub', { segments: 1 }));

    const inputs = dynamo.commandCalls(ScanCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[0]?.Segment).toBeUndefined();
    expect(inputs[0]?.TotalSegments).toBeUndefined();
  });
});
