import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { chunkEntries } from '../../../adapters/eventbridge/put-events-request.ts';
import { publishStreamChanges } from '../../../app/events/publish-stream-changes.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';

const eventBridge = mockClient(EventBridgeClient);
afterEach(() => {
  eventBridge.reset();
});

const orderChange = (n: number): ChangeRecord => ({
  eventName: 'INSERT',
  sequenceNumber: String(1000 + n),
  approximateCreationDateTime: 1_772_000_000,
  keys: { pk: 'CUST#c1', sk: `REC#order#${n}` },
  newImage: {
    kind: 'record',
    entity: 'order',
    recordKey: `order#sap-s4#s#${n}`,
    customerId: 'c1',
    source: { system: 'sap-s4', stream: 's', key: String(n), version: '1' },
    data: {
      orderNumber: String(n),
      orderedAt: '2026-03-01T00:00:00Z',
      status: 'open',
      currency: 'EUR',
      netAmount: 1,
      lines: [],
    },
    cause: 'ingest',
  },
});

const options = {
  client: new EventBridgeClient({ region: 'eu-central-1' }),
  busName: 'hub',
  sleep: async () => {},
};

describe('publishStreamChanges', () => {
  it('publishes in chunks of at most ten entries on the hub bus', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map((_, i) => ({ EventId: String(i) })),
    }));
    const result = await publishStreamChanges(
      Array.from({ length: 23 }, (_, i) => orderChange(i)),
      options,
    );
    expect(result).toEqual({ failedSequenceNumbers: [], published: 23 });
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 3);
    expect(eventBridge).toHaveReceivedCommandWith(PutEventsCommand, {
      Entries: expect.arrayContaining([
        expect.objectContaining({ EventBusName: 'hub', DetailType: 'OrderRecorded' }),
      ]),
    });
  });

  it('retries only the entries EventBridge rejected', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'b' }] });
    const result = await publishStreamChanges([orderChange(1), orderChange(2)], options);
    expect(result.failedSequenceNumbers).toEqual([]);
    const retried = eventBridge.commandCalls(PutEventsCommand)[1]?.args[0].input.Entries ?? [];
    expect(retried.map((e) => JSON.parse(e.Detail ?? '{}').order.orderNumber)).toEqual(['2']);
  });

  it('hands changes that still fail back to the stream by sequence number', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('bus down'));
    const result = await publishStreamChanges([orderChange(1), orderChange(2)], {
      ...options,
      maxAttempts: 2,
    });
    expect(result.failedSequenceNumbers).toEqual(['1001', '1002']);
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 2);
  });

  it('reports a change that cannot be mapped instead of dropping it', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const broken: ChangeRecord = { ...orderChange(9), newImage: { kind: 'record', entity: 'order' } };
    const result = await publishStreamChanges([orderChange(1), broken], options);
    expect(result.failedSequenceNumbers).toEqual(['1009']);
  });

  it('splits by size as well as count', () => {
    const big = { Source: 's', DetailType: 't', Detail: 'x'.repeat(200 * 1024) };
    expect(chunkEntries([big, big, { ...big, Detail: '{}' }]).map((c) => c.length)).toEqual([1, 2]);
  });
});
