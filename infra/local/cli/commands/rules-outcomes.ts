import { parseArgs } from 'node:util';
import { type RuleOutcome, RuleOutcomesSchema } from '../../../../schemas/api/reactions.ts';
import { createDevIssuer } from '../../auth/dev-issuer.ts';
import type { CliContext } from '../context.ts';

const percent = (rate: number | undefined) => (rate === undefined ? '-' : `${Math.round(rate * 100)} %`);

/**
 * One row per rule: what it sent, how much of that its system got (delivered, failed into dead letters, still
 * on its way) and how many delivered ones were followed by the movement the rule aims for (its
 * `successMeans`) within the window; the conversion rate counts only decided reactions.
 */
export const formatRuleOutcomes = (rules: readonly RuleOutcome[]): string[] => {
  const header = [
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
  ];
  const rows = rules.map((r) => [
    r.rule,
    r.system,
    String(r.reactions),
    String(r.delivered),
    String(r.failed),
    String(r.sending),
    String(r.converted),
    String(r.noResponse),
    String(r.pending),
    percent(r.conversionRate),
    `${r.successMeans} (${r.windowDays} d)`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
};

/**
 * `hub360 rules outcomes [--rule r] [--json]`: the closed loop per rule, read from the running hub's
 * `GET /reactions/outcomes` with a development token, so the CLI shows what the API and console show.
 */
export const run = async (args: string[], ctx: CliContext): Promise<number> => {
  const { values } = parseArgs({
    args: args[0] === 'outcomes' ? args.slice(1) : args,
    strict: true,
    options: { rule: { type: 'string' }, json: { type: 'boolean' } },
  });
  const { apiUrl } = ctx.runtime;
  const issuer = await createDevIssuer({ dataDir: ctx.dataDir });
  const token = await issuer.mintToken({
    scopes: ['customers:read'],
    subject: 'hub360-cli',
    expiresInSeconds: 60,
  });
  const response = await fetch(`${apiUrl}/reactions/outcomes`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok)
    throw new Error(`GET ${apiUrl}/reactions/outcomes answered ${response.status}: ${await response.text()}`);
  const outcomes = RuleOutcomesSchema.parse(await response.json());
  const rules = values.rule ? outcomes.rules.filter((r) => r.rule === values.rule) : outcomes.rules;
  if (values.rule && rules.length === 0) {
    const known = outcomes.rules.map((r) => r.rule).join(', ') || '(none has sent anything yet)';
    ctx.out(`no reactions of rule "${values.rule}"; rules with reactions: ${known}`);
    return 1;
  }
  if (values.json) {
    ctx.out(JSON.stringify({ asOf: outcomes.asOf, rules }, null, 2));
    return 0;
  }
  if (rules.length === 0) {
    ctx.out(`No reactions sent yet (as of ${outcomes.asOf}).`);
    return 0;
  }
  for (const row of formatRuleOutcomes(rules)) ctx.out(row);
  ctx.out(`as of ${outcomes.asOf}`);
  return 0;
};
