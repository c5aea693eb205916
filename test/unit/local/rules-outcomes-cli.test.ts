import { describe, expect, it } from 'vitest';
import { formatRuleOutcomes } from '../../../infra/local/cli/commands/rules-outcomes.ts';
import { main } from '../../../infra/local/cli/program.ts';
import type { RuleOutcome } from '../../../schemas/api/reactions.ts';

const outcome = (overrides: Partial<RuleOutcome>): RuleOutcome => ({
  rule: 'cross-sell-to-sales',
  system: 'sales',
  successMeans: 'an order of the offered part within the window',
  windowDays: 30,
  reactions: 4,
  delivered: 4,
  failed: 0,
  sending: 0,
  converted: 1,
  noResponse: 1,
  pending: 2,
  conversionRate: 0.5,
  ...overrides,
});

describe('hub360 rules outcomes', () => {
  it('answers --help with its options, from the one command registry', async () => {
    const out: string[] = [];

    const code = await main(['rules', 'outcomes', '--help'], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
    });

    const help = out.join('\n');
    expect(code).toBe(0);
    expect(help).toContain('closed loop per rule');
    expect(help).toContain('--rule <name>');
    expect(help).toContain('--json');
  });

  it('lists outcomes among the rules subcommands', async () => {
    const out: string[] = [];

    await main(['rules', '--help'], { out: (l) => out.push(l), err: (l) => out.push(l) });

    expect(out.join('\n')).toMatch(/outcomes\s+\[options\]\s+the closed loop per rule/);
  });

  it('prints one aligned row per rule with deliveries and the conversion rate, "-" while nothing is decided', () => {
    const rows = formatRuleOutcomes([
      outcome({}),
      outcome({
        rule: 'payment-follow-up-to-call-center',
        system: 'call-center',
        successMeans: 'the invoice paid within the window',
        reactions: 1,
        delivered: 0,
        failed: 1,
        sending: 0,
        converted: 0,
        noResponse: 0,
        pending: 1,
        conversionRate: undefined,
      }),
    ]);

    const cells = rows.map((row) => row.split(/\s{2,}/));
    expect(cells).toEqual([
      [
        'RULE',
        'SYSTEM',
        'SENT',
        'DELIVERED',
        'FAILED',
        'SENDING',
        'CONVERTED',
        'NO RESPONSE',
        'PENDING',
        'RATE',
        'SUCCESS MEANS',
      ],
      [
        'cross-sell-to-sales',
        'sales',
        '4',
        '4',
        '0',
        '0',
        '1',
        '1',
        '2',
        '50 %',
        'an order of the offered part within the window (30 d)',
      ],
      [
        'payment-follow-up-to-call-center',
        'call-center',
        '1',
        '0',
        '1',
        '0',
        '0',
        '0',
        '1',
        '-',
        'the invoice paid within the window (30 d)',
      ],
    ]);
    // The second column starts at the same place in every row.
    const systemColumn = rows.map((row, i) => row.indexOf(cells[i]?.[1] ?? '', (cells[i]?.[0] ?? '').length));
    expect(new Set(systemColumn).size).toBe(1);
  });
});
