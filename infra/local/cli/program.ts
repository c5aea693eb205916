import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { type CliCommandSpec, cliCommands } from './registry.ts';

/** Parsed options back into words, so each command module keeps one parser for its own arguments. */
const toArgs = (positionals: readonly unknown[], options: Record<string, unknown>, spec: CliCommandSpec) => {
  const words = positionals.filter((p): p is string => typeof p === 'string');
  for (const option of spec.options ?? []) {
    const parsed = new Option(option.flags);
    const value = options[parsed.attributeName()];
    if (value === undefined || value === false) continue;
    if (value === true) words.push(parsed.long ?? '');
    else
      for (const item of Array.isArray(value) ? value : [value]) words.push(parsed.long ?? '', String(item));
  }
  return words;
};

interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const register = (
  parent: Command,
  spec: CliCommandSpec,
  io: Io,
  dataDir: () => string,
  setCode: (code: number) => void,
  prefix: readonly string[] = [],
) => {
  const command = parent.command(spec.name).description(spec.summary);
  if (spec.arguments) command.arguments(spec.arguments);
  for (const option of spec.options ?? []) {
    command.addOption(
      option.defaultValue === undefined
        ? new Option(option.flags, option.description)
        : new Option(option.flags, option.description).default(option.defaultValue),
    );
  }
  if (spec.examples)
    command.addHelpText('after', ['', 'Examples:', ...spec.examples.map((e) => `  ${e}`)].join('\n'));
  for (const sub of spec.subcommands ?? [])
    register(command, sub, io, dataDir, setCode, [...prefix, spec.name]);
  const { load } = spec;
  if (load) {
    command.action(async (...received: unknown[]) => {
      // commander passes the positionals, then the options, then the command itself.
      const options = received.at(-2) as Record<string, unknown>;
      const positionals = received.slice(0, -2).flat();
      // The context (runtime.json's schema, zod) loads with the command, so `--help` stays small.
      const [module, { createCliContext }] = await Promise.all([load(), import('./context.ts')]);
      // Subcommands share their parent's module, which receives the subcommand name first.
      const words = [...(prefix.length > 0 ? [spec.name] : []), ...toArgs(positionals, options, spec)];
      setCode(await module.run(words, createCliContext(dataDir(), io.out)));
    });
  }
};

/** Builds the `hub360` program from the registry; nothing of a command is imported until it runs. */
export const buildProgram = (io: Io, setCode: (code: number) => void): Command => {
  const program = new Command('hub360')
    .description('Operate the hub started with `npm start`: sync, check, inspect, replay.')
    .option(
      '--data-dir <dir>',
      'the hub’s data folder (or HUB360_DATA_DIR)',
      process.env.HUB360_DATA_DIR ?? '.hub360',
    )
    .showSuggestionAfterError()
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(text.trimEnd()),
    });
  const dataDir = () => resolve(String(program.opts().dataDir));
  for (const spec of cliCommands) register(program, spec, io, dataDir, setCode);
  return program;
};

/**
 * The error's message with its causes: fetch only says "fetch failed" and keeps why (refused connection,
 * the 300 s header timeout of a very slow answer) in `cause`.
 */
export const describeFailure = (err: unknown): string => {
  const parts: string[] = [];
  for (let current: unknown = err; current !== undefined && parts.length < 4; ) {
    if (!(current instanceof Error)) {
      parts.push(String(current));
      break;
    }
    const code = 'code' in current && typeof current.code === 'string' ? ` (${current.code})` : '';
    parts.push(`${current.message}${code}`);
    current = current.cause;
  }
  return parts.join(': ');
};

/** Runs the CLI on `argv` (without node and the script) and returns the exit code. */
export const main = async (argv: readonly string[], io: Io): Promise<number> => {
  let code = 0;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err: unknown) {
    if (err instanceof CommanderError) return err.exitCode;
    const name = argv.find((word) => !word.startsWith('-')) ?? '';
    io.err(`hub360 ${name}: ${describeFailure(err)}`);
    return 1;
  }
};
