import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type CliCommand, createCliContext } from './context.ts';

const COMMANDS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'commands');
const COMMANDS = ['sync', 'connectors', 'quarantine', 'dead-letters', 'rules', 'token', 'store'] as const;

const isCommand = (value: unknown): value is CliCommand =>
  typeof value === 'object' && value !== null && 'run' in value && typeof value.run === 'function';

const loadCommand = async (name: string): Promise<CliCommand | undefined> => {
  const file = join(COMMANDS_DIR, `${name}.ts`);
  if (!existsSync(file)) return undefined;
  const module: unknown = await import(pathToFileURL(file).href);
  return isCommand(module) ? module : undefined;
};

const usage = async (out: (line: string) => void) => {
  out('Usage: npx hub360 <command> [options]   (talks to the hub started with `npm start`)');
  out('');
  for (const name of COMMANDS) {
    const command = await loadCommand(name);
    if (command) out(`  ${name.padEnd(14)}${command.summary}`);
  }
  out('');
  out('Options: --data-dir <dir> (or HUB360_DATA_DIR), default .hub360');
};

/** The `hub360` command line: operational commands against a running local hub. */
export const main = async (argv: string[]): Promise<number> => {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const dataDirIndex = argv.indexOf('--data-dir');
  const dataDir = resolve(
    dataDirIndex >= 0 ? (argv[dataDirIndex + 1] ?? '.hub360') : (process.env.HUB360_DATA_DIR ?? '.hub360'),
  );
  const args = dataDirIndex >= 0 ? argv.filter((_, i) => i !== dataDirIndex && i !== dataDirIndex + 1) : argv;
  const [name, ...rest] = args;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    await usage(out);
    return name ? 0 : 1;
  }
  const command = await loadCommand(name);
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n`);
    await usage(out);
    return 1;
  }
  try {
    return await command.run(rest, createCliContext(dataDir, out));
  } catch (err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`hub360 ${name}: ${message}\n`);
    return 1;
  }
};

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.exitCode = await main(process.argv.slice(2));
