/**
 * Synthetic rules and events for the matcher bench: hub-like envelopes (sources, detail types,
 * customers, amounts, e-mail addresses, IP addresses, order lines) and rules of one operator each,
 * or a mix, drawn with a seeded generator so every run measures the same workload.
 */

/** A small seeded PRNG (mulberry32): the same rules and events on every run. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

type Random = () => number;
const int = (random: Random, below: number): number => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

const SOURCES = Array.from({ length: 12 }, (_, i) => `hub360.source${i}`);
const DETAIL_TYPES = Array.from({ length: 24 }, (_, i) => `Type${i}Changed`);
const STATUSES = ['open', 'paid', 'cancelled', 'shipped', 'returned', 'on-hold'];
const CUSTOMERS = 5_000;
const DOMAINS = 800;
const ATTRIBUTES = 300;

/** An event as the hub puts it on the bus. */
export const benchEvent = (random: Random): Record<string, unknown> => {
  const customer = int(random, CUSTOMERS);
  const attributes = Object.fromEntries(
    Array.from({ length: 4 }, () => [`attr${int(random, ATTRIBUTES)}`, int(random, 100)]),
  );
  return {
    version: '0',
    id: `e-${int(random, 1e9)}`,
    'detail-type': pick(random, DETAIL_TYPES),
    source: pick(random, SOURCES),
    account: '123456789012',
    time: '2026-12-01T10:00:00Z',
    region: 'eu-central-1',
    resources: [`arn:aws:dynamodb:eu-central-1:123456789012:table/t${int(random, 10)}`],
    detail: {
      customerId: `c-${customer}`,
      email: `user${customer}@domain${int(random, DOMAINS)}.com`,
      status: pick(random, STATUSES),
      amount: Math.round(random() * 1_000_000) / 100,
      ip: `10.${int(random, 32)}.${int(random, 32)}.${int(random, 256)}`,
      lines: Array.from({ length: 1 + int(random, 3) }, () => ({
        sku: `sku-${int(random, 500)}`,
        qty: 1 + int(random, 9),
      })),
      ...attributes,
    },
  };
};

export const OPERATORS = [
  'exact',
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'numeric',
  'anything-but',
  'exists',
  'cidr',
  '$or',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** The detail part of a rule that tests one field with the operator. */
const detailCondition = (operator: Exclude<Operator, '$or'>, random: Random): Record<string, unknown> => {
  const customer = int(random, CUSTOMERS);
  switch (operator) {
    case 'exact':
      return { customerId: [`c-${customer}`] };
    case 'prefix':
      return { email: [{ prefix: `user${customer}@` }] };
    case 'suffix':
      return { email: [{ suffix: `@domain${int(random, DOMAINS)}.com` }] };
    case 'equals-ignore-case':
      return { customerId: [{ 'equals-ignore-case': `C-${customer}` }] };
    case 'wildcard':
      return { email: [{ wildcard: `user${customer}@*.com` }] };
    case 'numeric': {
      const low = Math.round(random() * 1_000_000) / 100;
      return { amount: [{ numeric: ['>=', low, '<', low + 25] }] };
    }
    case 'anything-but':
      return { status: [{ 'anything-but': [pick(random, STATUSES), pick(random, STATUSES)] }] };
    case 'exists':
      return { [`attr${int(random, ATTRIBUTES)}`]: [{ exists: random() < 0.8 }] };
    case 'cidr':
      return { ip: [{ cidr: `10.${int(random, 32)}.${int(random, 32)}.0/24` }] };
  }
};

const SIMPLE = OPERATORS.filter((o): o is Exclude<Operator, '$or'> => o !== '$or');

/** A rule of the operator: the operator alone on a detail field, or `$or` over two such fields. */
export const operatorRule = (operator: Operator, random: Random): Record<string, unknown> =>
  operator === '$or'
    ? {
        source: [pick(random, SOURCES)],
        $or: [
          { detail: detailCondition(pick(random, SIMPLE), random) },
          { detail: detailCondition(pick(random, SIMPLE), random) },
          { 'detail-type': [pick(random, DETAIL_TYPES)] },
        ],
      }
    : { detail: detailCondition(operator, random) };

/**
 * A rule as a hub's topology writes them: usually a source and detail type, one or two detail
 * conditions of any operator, sometimes an order-line condition that must hold in one array element.
 */
export const mixedRule = (random: Random): Record<string, unknown> => {
  const roll = random();
  if (roll < 0.1) return operatorRule('$or', random);
  const detail: Record<string, unknown> = { ...detailCondition(pick(random, SIMPLE), random) };
  if (random() < 0.3) Object.assign(detail, detailCondition(pick(random, SIMPLE), random));
  if (random() < 0.15) {
    detail.lines = { sku: [`sku-${int(random, 500)}`], qty: [{ numeric: ['>', int(random, 5)] }] };
  }
  const rule: Record<string, unknown> = { detail };
  if (random() < 0.7) rule.source = [pick(random, SOURCES)];
  if (random() < 0.4) rule['detail-type'] = [pick(random, DETAIL_TYPES)];
  return rule;
};
