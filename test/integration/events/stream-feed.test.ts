import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type _Record,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { toDynamoDbStreamEvent } from '../../../infra/local/streams/stream-event.ts';
import { resetHubEnv } from '../../../schemas/config/hub-env.ts';
import {
  email,
  erp,
  exampleCustomer,
  exampleInvoice,
  exampleOrder,
} from '../../../schemas/entities/examples.ts';
import { storeEvents } from '../../../schemas/events/catalogue.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

interface PutEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName: string;
}

/** A tiny stand-in for EventBridge's PutEvents endpoint that remembers what it was sent. */
const startFakeBus = async () => {
  const received: PutEntry[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const entries = (JSON.parse(body) as { Entries: PutEntry[] }).Entries;
      received.push(...entries);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          FailedEntryCount: 0,
          Entries: entries.map((_, i) => ({ EventId: `e${received.length + i}` })),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
};

const readWholeStream = async (table: TestTable): Promise<_Record[]> => {
  const described = await table.streamsClient.send(new DescribeStreamCommand({ StreamArn: table.streamArn }));
  const records: _Record[] = [];
  for (const shard of described.StreamDescription?.Shards ?? []) {
    const iterator = await table.streamsClient.send(
      new GetShardIteratorCommand({
        StreamArn: table.streamArn,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    let next = iterator.ShardIterator;
    for (let page = 0; next && page < 20; page++) {
      const out = await table.streamsClient.send(new GetRecordsCommand({ ShardIterator: next }));
      records.push(...(out.Records ?? []));
      if ((out.Records ?? []).length === 0) break;
      next = out.NextShardIterator;
    }
  }
  return records;
};

const context: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'stream-publisher',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:stream-publisher',
  memoryLimitInMB: '512',
  awsRequestId: 'test-request',
  logGroupName: '/aws/lambda/stream-publisher',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 60_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
};

let table: TestTable;
let bus: Awaited<ReturnType<typeof startFakeBus>>;
type StreamHandler = typeof import('../../../functions/stream-publisher.ts')['handler'];
let handler: StreamHandler;

// Lambda hands the raw stream event to the handler; its parser middleware turns it into the typed one.
const deliver = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse | undefined> =>
  handler(event as unknown as Parameters<StreamHandler>[0], context, {
    signal: new AbortController().signal,
  });

beforeAll(async () => {
  table = await createTestTable('feed');
  bus = await startFakeBus();
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.endpoint;
  process.env.AWS_REGION = 'eu-central-1';
  process.env.AWS_ACCESS_KEY_ID = 'hub360local';
  process.env.AWS_SECRET_ACCESS_KEY = 'hub360local';
  process.env.HUB_STAGE = 'test';
  process.env.HUB_TABLE_NAME = table.tableName;
  process.env.HUB_EVENT_BUS_NAME = 'hub360-test';
  resetHubEnv();
  ({ handler } = await import('../../../functions/stream-publisher.ts'));
});
afterAll(async () => {
  await bus.close();
  await table.drop();
});

describe('change feed', () => {
  it('turns committed changes read from the table stream into events on the bus; redelivery gives the same ids', async () => {
    // prepare: commit changes through the store
    const store = createCustomerStore({
      tableName: table.tableName,
      documentClient: table.documentClient,
      baseDelayMs: 1,
    });
    await store.ingest([
      exampleCustomer({ key: '42', version: '2026-03-01T00:00:00Z' }, [erp('42'), email('eve@example.com')]),
      exampleOrder({ key: 'SO-42', version: '2026-03-01T00:00:00Z' }, [erp('42')]),
      exampleInvoice({ key: 'INV-42', version: '2026-03-01T00:00:00Z' }, [erp('42')], { status: 'overdue' }),
    ]);
    const event = toDynamoDbStreamEvent(await readWholeStream(table), table.streamArn);

    // act: deliver the batch, then deliver it again (a retried batch)
    const first = await deliver(event);
    const published = bus.received.splice(0);
    const second = await deliver(event);
    const republished = bus.received.splice(0);

    // assert
    expect(first?.batchItemFailures).toEqual([]);
    expect(second?.batchItemFailures).toEqual([]);
    const types = published.map((e) => e.DetailType).sort();
    expect(types).toEqual(['CustomerCreated', 'CustomerUpdated', 'InvoiceOverdue', 'OrderRecorded']);
    expect(published.every((e) => e.EventBusName === 'hub360-test' && e.Source.startsWith('hub360.'))).toBe(
      true,
    );
    const order = published.find((e) => e.DetailType === 'OrderRecorded');
    expect(storeEvents.OrderRecorded.detail.parse(JSON.parse(order?.Detail ?? '{}')).order.orderNumber).toBe(
      'SO-42',
    );
    const ids = (entries: PutEntry[]) => entries.map((e) => JSON.parse(e.Detail).metadata.eventId).sort();
    expect(ids(republished)).toEqual(ids(published));
  });
});
