import { readFileSync } from 'node:fs';
import { busAdminRequest } from '../admin-client.ts';
import type { CliContext } from '../context.ts';

const USAGE = [
  'Usage:',
  '  hub360 rules backtest <pattern.json> [--since 7d] [--limit 20]   matches in the archive; delivers nothing',
  '  hub360 rules replay <rule> --since <7d|ISO> [--until <ISO>]    re-delivers archived events to one rule',
  "  hub360 rules redrive [--origin 'rule:<rule>/*'] [--id <id>...]   hands dead letters back to their target",
];

const option = (args: string[], name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};

/** POSTs an admin request to the running bus, signed with the hub's credentials; throws the bus's message on an error. */
export const callBusAdmin = async (
  ctx: CliContext,
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> => {
  const answer: unknown = await (await busAdminRequest(ctx, 'POST', path, body)).json();
  return typeof answer === 'object' && answer !== null ? Object.fromEntries(Object.entries(answer)) : {};
};

/** `hub360 rules <backtest|replay|redrive> …` */
export const run = async (args: string[], ctx: CliContext): Promise<number> => {
  const [action, subject] = args;
  if (action === 'backtest' && subject) {
    const pattern: unknown = JSON.parse(readFileSync(subject, 'utf8'));
    const limit = Number(option(args, '--limit') ?? 20);
    const result = await callBusAdmin(ctx, '/_hub360/rules/backtest', {
      pattern,
      since: option(args, '--since') ?? '7d',
      limit,
    });
    ctx.out(`${result.matched} of ${result.scanned} archived events since ${result.since} match ${subject}`);
    for (const event of Array.isArray(result.events) ? result.events : [])
      ctx.out(`  ${JSON.stringify(event)}`);
    return 0;
  }
  if (action === 'replay' && subject) {
    const since = option(args, '--since');
    if (!since) throw new Error('replay needs --since (a duration such as 2d, or an ISO date)');
    const until = option(args, '--until');
    const result = await callBusAdmin(ctx, '/_hub360/rules/replay', {
      rule: subject,
      since,
      ...(until ? { until } : {}),
    });
    ctx.out(
      `replayed ${result.replayed} of ${result.scanned} archived events to ${subject} as ${result.replayName}`,
    );
    if (Number(result.ignoredAsBackfill) > 0)
      ctx.out(
        `  ${result.ignoredAsBackfill} matched events not re-delivered: replays are backfill and ${subject} ` +
          'ignores backfill (a rule opts in with detail.metadata.backfill in its pattern)',
      );
    return 0;
  }
  if (action === 'redrive') {
    const ids = args.flatMap((arg, i) => (arg === '--id' && args[i + 1] ? [args[i + 1] ?? ''] : []));
    const origin = option(args, '--origin');
    const result = await callBusAdmin(ctx, '/_hub360/dead-letters/redrive', {
      ...(origin ? { origin } : {}),
      ...(ids.length > 0 ? { ids } : {}),
    });
    ctx.out(`redrove ${result.redriven} dead letter(s)`);
    for (const skipped of Array.isArray(result.skipped) ? result.skipped : [])
      ctx.out(`  skipped ${JSON.stringify(skipped)}`);
    return 0;
  }
  for (const line of USAGE) ctx.out(line);
  return action === undefined || action === '--help' ? 0 : 1;
};
