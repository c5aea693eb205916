import { describe, expect, it } from 'vitest';
import { AwsJsonError } from '../../../infra/local/eventbus/api/aws-json-error.ts';
import {
  acceptPutEvents,
  entrySize,
  type PutEventsContext,
} from '../../../infra/local/eventbus/api/put-events.ts';

const context: PutEventsContext = {
  directory: { region: 'eu-central-1', accountId: '123456789012', busName: 'hub360' },
  now: () => new Date('2026-11-23T08:00:00.500Z'),
  newEventId: () => 'event-1',
};
const entry = {
  Source: 'hub360.identity',
  DetailType: 'CustomersMerged',
  Detail: '{"a":1}',
  EventBusName: 'hub360',
};

const awsError = (act: () => unknown): AwsJsonError => {
  try {
    act();
  } catch (err: unknown) {
    if (err instanceof AwsJsonError) return err;
    throw err;
  }
  throw new Error('expected an AwsJsonError');
};

describe('PutEvents validation', () => {
  it('builds the standard envelope for an accepted entry', () => {
    const [outcome] = acceptPutEvents(
      { Entries: [{ ...entry, Resources: ['arn:r'], Time: 1_700_000_000 }] },
      context,
    );

    expect(outcome).toEqual({
      accepted: true,
      busName: 'hub360',
      event: {
        version: '0',
        id: 'event-1',
        'detail-type': 'CustomersMerged',
        source: 'hub360.identity',
        account: '123456789012',
        time: '2023-11-14T22:13:20Z',
        region: 'eu-central-1',
        resources: ['arn:r'],
        detail: { a: 1 },
      },
    });
  });

  it('stamps the time of receipt when Time is absent, to the second', () => {
    const [outcome] = acceptPutEvents({ Entries: [entry] }, context);

    expect(outcome?.accepted && outcome.event.time).toBe('2026-11-23T08:00:00Z');
  });

  it.each([
    ['bus by ARN', { EventBusName: 'arn:aws:events:eu-central-1:123456789012:event-bus/hub360' }, 'hub360'],
    ['the default bus when none is named', { EventBusName: undefined }, 'default'],
  ])('accepts %s', (_what, change, bus) => {
    const [outcome] = acceptPutEvents({ Entries: [{ ...entry, ...change }] }, context);

    expect(outcome).toMatchObject({ accepted: true, busName: bus });
  });

  it.each([
    ['missing Source', { Source: undefined }, 'InvalidArgument', 'Parameter Source is not valid'],
    ['empty Source', { Source: '' }, 'InvalidArgument', 'Source is a required argument'],
    ['missing DetailType', { DetailType: undefined }, 'InvalidArgument', 'DetailType is a required argument'],
    ['missing Detail', { Detail: undefined }, 'InvalidArgument', 'Detail is a required argument'],
    ['Detail that is not JSON', { Detail: '{oops' }, 'MalformedDetail', 'Detail is malformed.'],
    ['Detail that is a JSON array', { Detail: '[1]' }, 'MalformedDetail', 'Detail is malformed.'],
    ['Detail that is a JSON string', { Detail: '"x"' }, 'MalformedDetail', 'Detail is malformed.'],
    ['a reserved aws. source', { Source: 'aws.ec2' }, 'NotAuthorizedForSourceException', 'Not authorized'],
    ['an unparseable Time', { Time: 'yesterday' }, 'InvalidArgument', 'Parameter Time is not valid'],
    [
      'an unknown bus',
      { EventBusName: 'nope' },
      'ResourceNotFoundException',
      'Event bus nope does not exist.',
    ],
    [
      'a bus ARN of another account',
      { EventBusName: 'arn:aws:events:eu-central-1:999999999999:event-bus/hub360' },
      'ResourceNotFoundException',
      'does not exist',
    ],
  ])('refuses an entry with %s, alone', (_what, change, code, message) => {
    const outcomes = acceptPutEvents({ Entries: [{ ...entry, ...change }, entry] }, context);

    expect(outcomes[0]).toMatchObject({ accepted: false, errorCode: code });
    expect(outcomes[0]?.accepted === false && outcomes[0].errorMessage).toContain(message);
    expect(outcomes[1]?.accepted).toBe(true);
  });

  it.each([
    ['no Entries', {}, 'Member must not be null'],
    ['empty Entries', { Entries: [] }, 'length greater than or equal to 1'],
    [
      'eleven entries',
      { Entries: Array.from({ length: 11 }, () => entry) },
      'length less than or equal to 10',
    ],
  ])('fails the whole request with %s', (_what, request, message) => {
    const error = awsError(() => acceptPutEvents(request, context));

    expect(error.type).toBe('ValidationException');
    expect(error.message).toContain(message);
  });

  it('fails the whole request when the entries exceed 256 KB', () => {
    const big = { ...entry, Detail: JSON.stringify({ blob: 'x'.repeat(100 * 1024) }) };

    const error = awsError(() => acceptPutEvents({ Entries: [big, big, big] }, context));

    expect(error.type).toBe('ValidationException');
    expect(error.message).toContain('Total size of the entries');
  });

  it('accepts entries just under the limit', () => {
    const fill = 256 * 1024 - entrySize({ ...entry, Detail: '{"b":""}' });
    const atLimit = { ...entry, Detail: `{"b":"${'x'.repeat(fill)}"}` };

    expect(entrySize(atLimit)).toBe(256 * 1024);
    expect(acceptPutEvents({ Entries: [atLimit] }, context)[0]?.accepted).toBe(true);
  });

  it('reports a field of the wrong type as a SerializationException', () => {
    const error = awsError(() => acceptPutEvents({ Entries: [{ ...entry, Resources: 'arn:r' }] }, context));

    expect(error.type).toBe('SerializationException');
    expect(error.message).toContain('Entries.0.Resources');
  });

  it('counts entry size as AWS documents it', () => {
    expect(entrySize({ Source: 'ab', DetailType: 'cd', Detail: '{}', Resources: ['é'], Time: 1 })).toBe(
      14 + 2 + 2 + 2 + 2,
    );
  });
});
