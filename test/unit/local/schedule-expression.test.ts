import { describe, expect, it } from 'vitest';
import {
  InvalidScheduleExpressionError,
  nextFireTime,
  parseScheduleExpression,
} from '../../../infra/local/scheduler/schedule-expression.ts';

const next = (expression: string, after: string) =>
  nextFireTime(parseScheduleExpression(expression), new Date(after), new Date(after))?.toISOString();

const nextThree = (expression: string, after: string) => {
  const schedule = parseScheduleExpression(expression);
  const fires: string[] = [];
  let at = new Date(after);
  for (let i = 0; i < 3; i++) {
    const fire = nextFireTime(schedule, at, new Date(after));
    if (!fire) break;
    fires.push(fire.toISOString());
    at = fire;
  }
  return fires;
};

describe('EventBridge Scheduler expressions', () => {
  it.each([
    ['rate(1 minute)', '2026-03-01T10:00:30.000Z', '2026-03-01T10:01:30.000Z'],
    ['rate(5 minutes)', '2026-03-01T10:00:00.000Z', '2026-03-01T10:05:00.000Z'],
    ['rate(2 hours)', '2026-03-01T10:00:00.000Z', '2026-03-01T12:00:00.000Z'],
    ['rate(1 day)', '2026-03-01T10:00:00.000Z', '2026-03-02T10:00:00.000Z'],
  ])('%s after %s fires at %s', (expression, after, expected) => {
    expect(next(expression, after)).toBe(expected);
  });

  it('counts rate schedules from their anchor, not from the last check', () => {
    const schedule = parseScheduleExpression('rate(10 minutes)');

    const fire = nextFireTime(schedule, new Date('2026-03-01T10:17:00Z'), new Date('2026-03-01T10:00:00Z'));

    expect(fire?.toISOString()).toBe('2026-03-01T10:20:00.000Z');
  });

  it.each([
    ['cron(0/15 * * * ? *)', '2026-03-01T10:07:00Z', '2026-03-01T10:15:00.000Z'],
    ['cron(0 12 * * ? *)', '2026-03-01T12:00:00Z', '2026-03-02T12:00:00.000Z'],
    ['cron(30 8 ? * MON-FRI *)', '2026-03-06T09:00:00Z', '2026-03-09T08:30:00.000Z'],
    ['cron(30 8 ? * 2-6 *)', '2026-03-06T09:00:00Z', '2026-03-09T08:30:00.000Z'],
    ['cron(0 0 1 JAN,JUL ? *)', '2026-03-01T00:00:00Z', '2026-07-01T00:00:00.000Z'],
    ['cron(0 9 L * ? *)', '2026-02-10T00:00:00Z', '2026-02-28T09:00:00.000Z'],
    ['cron(0 9 ? * 6L *)', '2026-03-01T00:00:00Z', '2026-03-27T09:00:00.000Z'],
    ['cron(0 9 ? * L *)', '2026-03-01T00:00:00Z', '2026-03-07T09:00:00.000Z'],
    ['cron(0 9 ? * 3#2 *)', '2026-03-01T00:00:00Z', '2026-03-10T09:00:00.000Z'],
    ['cron(0 9 15W * ? *)', '2026-03-01T00:00:00Z', '2026-03-16T09:00:00.000Z'],
    ['cron(0 9 1W * ? *)', '2026-08-01T00:00:00Z', '2026-08-03T09:00:00.000Z'],
    ['cron(0 10 * * ? 2027)', '2026-03-01T00:00:00Z', '2027-01-01T10:00:00.000Z'],
    ['cron(5-7 10 1 3 ? *)', '2026-03-01T10:05:00Z', '2026-03-01T10:06:00.000Z'],
  ])('%s after %s fires at %s', (expression, after, expected) => {
    expect(next(expression, after)).toBe(expected);
  });

  // The examples of the EventBridge Scheduler user guide, fired three times in a row.
  it.each([
    [
      'cron(0 2 * * ? *)',
      '2026-03-01T03:00:00Z',
      ['2026-03-02T02:00:00.000Z', '2026-03-03T02:00:00.000Z', '2026-03-04T02:00:00.000Z'],
    ],
    [
      'cron(0/15 * ? * MON-FRI *)',
      '2026-03-06T23:20:00Z', // a Friday evening: the next fires are Monday's first quarter hours
      ['2026-03-06T23:30:00.000Z', '2026-03-06T23:45:00.000Z', '2026-03-09T00:00:00.000Z'],
    ],
    [
      'rate(5 minutes)',
      '2026-03-01T10:00:00Z',
      ['2026-03-01T10:05:00.000Z', '2026-03-01T10:10:00.000Z', '2026-03-01T10:15:00.000Z'],
    ],
  ])('the AWS example %s after %s fires at %j', (expression, after, expected) => {
    expect(nextThree(expression, after)).toEqual(expected);
  });

  it('returns undefined for a cron whose years have all passed', () => {
    expect(next('cron(0 10 * * ? 2020)', '2026-03-01T00:00:00Z')).toBeUndefined();
  });

  it.each([
    ['rate(0 minutes)', /positive/],
    ['rate(1 minutes)', /singular/],
    ['rate(5 minute)', /plural/],
    ['rate(5 weeks)', /rate\(\.\.\.\) or cron/],
    ['cron(0 12 * * *)', /6 fields/],
    ['cron(0 12 * * * *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 12 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(60 12 * * ? *)', /minute: 60/],
    ['cron(0 24 * * ? *)', /hour: 24/],
    ['cron(0 12 * 13 ? *)', /month "13" is outside 1-12/],
    ['cron(0 12 ? * 8 *)', /day-of-week "8" is outside 1-7/],
    ['cron(0 12 ? * 0 *)', /day-of-week "0" is outside 1-7/],
    ['cron(0 12 ? * 3#1,6#3 *)', /only one expression when it uses "#"/],
    ['cron(0 12 * * ? 1969)', /year "1969" is outside 1970-2199/],
    ['cron(0 12 * * ? 2200)', /year "2200" is outside 1970-2199/],
    ['cron(0 12 ? * FUNDAY *)', /FUNDAY/],
    ['cron(0 12 10-5 * ? *)', /larger than/],
    ['cron(0/0 12 * * ? *)', /stepping/],
    ['every five minutes', /rate\(\.\.\.\) or cron/],
  ])('rejects %s, naming the expression and the problem', (expression, message) => {
    const parse = () => parseScheduleExpression(expression);

    expect(parse).toThrow(InvalidScheduleExpressionError);
    expect(parse).toThrow(`Invalid schedule expression "${expression}"`);
    expect(parse).toThrow(message);
  });
});
