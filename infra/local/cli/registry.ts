import type { CliContext } from './context.ts';

/**
 * Every `hub360` command, in one place. Help and the command list come from here without loading any command
 * module, so `--help` and a typo answer at once; the module (and whatever it imports, e.g. the AWS SDK) is
 * imported only when its command runs.
 *
 * To add a command: write `commands/<file>.ts` exporting `run(args, ctx): Promise<number>` (args are the words
 * after the command name, already checked against `options` here) and add an entry below. A command with
 * subcommands (`rules backtest`) lists them under `subcommands`; its module receives `[subcommand, ...args]`.
 */
export interface CliOptionSpec {
  /** Commander flags, e.g. `--connector <name>` or `--full`; `<...>` marks a value, `...` a repeatable one. */
  readonly flags: string;
  readonly description: string;
  readonly defaultValue?: string;
}

export interface CliCommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Positional arguments in commander syntax, e.g. `<connector>` or `[pattern]`. */
  readonly arguments?: string;
  readonly options?: readonly CliOptionSpec[];
  readonly subcommands?: readonly CliCommandSpec[];
  /** Lines printed after the options in `--help`. */
  readonly examples?: readonly string[];
  readonly load?: () => Promise<CliCommandModule>;
}

export interface CliCommandModule {
  run(args: string[], ctx: CliContext): Promise<number>;
}

export const cliCommands: readonly CliCommandSpec[] = [
  {
    name: 'token',
    summary: 'mint a development token for the local API (signed with the hub’s dev issuer key)',
    options: [
      { flags: '--scopes <list>', description: 'comma-separated scopes', defaultValue: 'customers:read' },
      { flags: '--subject <sub>', description: 'the token’s subject', defaultValue: 'local-developer' },
      { flags: '--expires-in <seconds>', description: 'lifetime in seconds', defaultValue: '3600' },
    ],
    examples: ['TOKEN=$(npx hub360 token --scopes customers:read,customers:write)'],
    load: () => import('./commands/token.ts'),
  },
  {
    name: 'connectors',
    summary:
      'list configured connectors and streams with status, lag, last error and sync lease (holder, expiry)',
    subcommands: [
      {
        name: 'check',
        summary:
          'test a connector like Airbyte’s check: reachability, auth, first page of each stream mapped',
        arguments: '<connector>',
        examples: ['npx hub360 connectors check sap-s4'],
        load: () => import('./commands/connectors-check.ts'),
      },
    ],
    load: () => import('./commands/connectors.ts'),
  },
  {
    name: 'sync',
    summary: 'ask the running hub to sync a connector now, with a progress line per page',
    arguments: '<connector>',
    options: [
      { flags: '--full', description: 'ignore the checkpoint and read everything' },
      { flags: '--stream <name...>', description: 'only these streams' },
    ],
    examples: ['npx hub360 sync sap-s4', 'npx hub360 sync oracle-scm --stream shipments --full'],
    load: () => import('./commands/sync.ts'),
  },
  {
    name: 'quarantine',
    summary: 'list quarantined source records with reasons',
    options: [
      { flags: '--connector <name>', description: 'only this connector' },
      { flags: '--limit <n>', description: 'at most n records', defaultValue: '50' },
    ],
    load: () => import('./commands/quarantine.ts'),
  },
  {
    name: 'dead-letters',
    summary: 'list events and invocations the local hub gave up on, with the reason',
    options: [
      {
        flags: '--origin <prefix*>',
        description: "only these origins, e.g. 'rule:<rule>/*' or 'function:<name>'",
      },
    ],
    load: () => import('./commands/dead-letters.ts'),
  },
  {
    name: 'rules',
    summary:
      'backtest a pattern against the event archive, replay archived events, redrive dead letters, report outcomes',
    subcommands: [
      {
        name: 'backtest',
        summary: 'matches of an event pattern in the archive; delivers nothing',
        arguments: '<pattern.json>',
        options: [
          { flags: '--since <7d|ISO>', description: 'how far back', defaultValue: '7d' },
          { flags: '--limit <n>', description: 'events shown', defaultValue: '20' },
        ],
        load: () => import('./commands/rules.ts'),
      },
      {
        name: 'replay',
        summary: 're-delivers archived events to one rule',
        arguments: '<rule>',
        options: [
          { flags: '--since <7d|ISO>', description: 'from (required)' },
          { flags: '--until <ISO>', description: 'to' },
        ],
        load: () => import('./commands/rules.ts'),
      },
      {
        name: 'redrive',
        summary: 'hands dead letters back to their target',
        options: [
          { flags: '--origin <prefix*>', description: "e.g. 'rule:<rule>/*'" },
          { flags: '--id <id...>', description: 'these dead letters' },
        ],
        load: () => import('./commands/rules.ts'),
      },
      {
        name: 'outcomes',
        summary:
          'the closed loop per rule: reactions sent, and how many the customer or part answered within the window',
        options: [
          { flags: '--rule <name>', description: 'only this rule' },
          { flags: '--json', description: 'the API answer as JSON' },
        ],
        examples: ['npx hub360 rules outcomes', 'npx hub360 rules outcomes --rule cross-sell-to-sales'],
        load: () => import('./commands/rules-outcomes.ts'),
      },
    ],
  },
  {
    name: 'store',
    summary: 'check the store invariants (stranded records, locators, identifiers) and repair them',
    subcommands: [
      {
        name: 'check',
        summary:
          'reads the whole store and reports what breaks its invariants; exits 1 while problems remain',
        options: [
          {
            flags: '--repair',
            description:
              're-home stranded records, fix locators and owners, finish merges stopped between commits',
          },
        ],
        examples: ['npx hub360 store check', 'npx hub360 store check --repair'],
        load: () => import('./commands/store.ts'),
      },
    ],
  },
];
