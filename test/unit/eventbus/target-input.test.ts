import { describe, expect, it } from 'vitest';
import { evaluateJsonPath, parseJsonPath } from '../../../infra/local/eventbus/delivery/json-path.ts';
import {
  compileInputShaping,
  shapeTargetInput,
} from '../../../infra/local/eventbus/delivery/target-input.ts';
import type { EventEnvelope } from '../../../infra/local/eventbus/envelope.ts';

const event: EventEnvelope = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'ShipmentDelayed',
  source: 'hub360.scm',
  account: '123456789012',
  time: '2026-11-23T08:00:00Z',
  region: 'eu-central-1',
  resources: ['arn:x'],
  detail: {
    'shipment-id': 'S-1',
    customer: { id: 'C-9', name: 'Zoë "Z" Ltd', keyCustomer: true },
    lines: [
      { sku: 'A', qty: 2 },
      { sku: 'B', qty: 5 },
    ],
    delayDays: 3,
  },
};
const reserved = {
  ruleName: 'delay-notice',
  ruleArn: 'arn:aws:events:eu-central-1:1:rule/hub/delay-notice',
  ingestionTime: '2026-11-23T08:00:01.000Z',
};

const path = (text: string) => {
  const parsed = parseJsonPath(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

describe('JSON paths', () => {
  it.each([
    ['$', event],
    ['$.detail.shipment-id', 'S-1'],
    ["$.detail['shipment-id']", 'S-1'],
    ['$.detail.lines[1].qty', 5],
    ['$.detail.lines[*].sku', ['A', 'B']],
    ['$.detail.missing.deeper', undefined],
    ['$.detail.lines[7]', undefined],
  ])('%s', (text, expected) => {
    expect(evaluateJsonPath(path(text), event)).toEqual(expected);
  });

  it.each(['detail.x', '$..x', '$.a[?(@.b)]', '$.a b'])('rejects %s', (text) => {
    expect(parseJsonPath(text)).toBeTypeOf('string');
  });
});

describe('target input', () => {
  it('is the whole event by default', () => {
    const input = shapeTargetInput(compileInputShaping({}), event, reserved);

    expect(input.value).toEqual(event);
    expect(JSON.parse(input.text)).toEqual(event);
  });

  it('is the selected part with InputPath, and null when the path finds nothing', () => {
    expect(
      shapeTargetInput(compileInputShaping({ inputPath: '$.detail.customer' }), event, reserved).value,
    ).toEqual(event.detail.customer);
    expect(shapeTargetInput(compileInputShaping({ inputPath: '$.detail.nope' }), event, reserved).text).toBe(
      'null',
    );
  });

  it('fills a JSON template: values outside quotes as JSON, inside quotes as escaped text', () => {
    const shaping = compileInputShaping({
      inputTransformer: {
        inputPathsMap: {
          customer: '$.detail.customer',
          name: '$.detail.customer.name',
          days: '$.detail.delayDays',
        },
        inputTemplate:
          '{"customer": <customer>, "days": <days>, "message": "<name> waits <days> more days", "raw": "<customer>"}',
      },
    });

    const input = shapeTargetInput(shaping, event, reserved);

    expect(input.isJson).toBe(true);
    expect(input.value).toEqual({
      customer: event.detail.customer,
      days: 3,
      message: 'Zoë "Z" Ltd waits 3 more days',
      raw: JSON.stringify(event.detail.customer),
    });
  });

  it('produces a string from a string template', () => {
    const shaping = compileInputShaping({
      inputTransformer: {
        inputPathsMap: { id: '$.detail.shipment-id' },
        inputTemplate: '"shipment <id> is late"',
      },
    });

    expect(shapeTargetInput(shaping, event, reserved).value).toBe('shipment S-1 is late');
  });

  it('fills the reserved variables', () => {
    const shaping = compileInputShaping({
      inputTransformer: {
        inputPathsMap: {},
        inputTemplate:
          '{"rule": <aws.events.rule-name>, "arn": "<aws.events.rule-arn>", "at": <aws.events.event.ingestion-time>, "event": <aws.events.event>, "full": <aws.events.event.json>}',
      },
    });

    const value = shapeTargetInput(shaping, event, reserved).value as Record<string, unknown>;

    expect(value.rule).toBe('delay-notice');
    expect(value.arn).toBe(reserved.ruleArn);
    expect(value.at).toBe(reserved.ingestionTime);
    expect(value.event).toEqual({ ...event, detail: undefined });
    expect(value.event).not.toHaveProperty('detail');
    expect(value.full).toEqual(event);
  });

  it('turns variables whose path finds nothing into null (JSON) or nothing (inside strings)', () => {
    const shaping = compileInputShaping({
      inputTransformer: {
        inputPathsMap: { gone: '$.detail.gone' },
        inputTemplate: '{"v": <gone>, "s": "[<gone>]"}',
      },
    });

    expect(shapeTargetInput(shaping, event, reserved).value).toEqual({ v: null, s: '[]' });
  });

  it('leaves <tags> that are not variables alone and passes non-JSON output on as text', () => {
    const shaping = compileInputShaping({
      inputTransformer: { inputPathsMap: { id: '$.detail.shipment-id' }, inputTemplate: 'late: <b><id></b>' },
    });

    const input = shapeTargetInput(shaping, event, reserved);

    expect(input).toEqual({ value: 'late: <b>"S-1"</b>', text: 'late: <b>"S-1"</b>', isJson: false });
  });

  it.each([
    [
      { inputPath: '$.a', inputTransformer: { inputPathsMap: {}, inputTemplate: '{}' } },
      'cannot both be set',
    ],
    [{ inputPath: 'detail' }, 'inputPath'],
    [{ inputTransformer: { inputPathsMap: { x: '$..y' }, inputTemplate: '<x>' } }, 'inputPathsMap.x'],
    [
      { inputTransformer: { inputPathsMap: { 'aws.events.rule-name': '$.a' }, inputTemplate: '<x>' } },
      'reserved',
    ],
  ])('rejects an unusable target configuration %#', (target, message) => {
    expect(() => compileInputShaping(target)).toThrow(message);
  });
});
