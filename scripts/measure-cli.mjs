// Measures how long a `hub360` CLI call takes in each way of starting it, against the hub `npm start` runs
// in this folder: the median wall time of 5 calls (after one warm-up call) per command, with the load average
// before and after, since on a shared machine the load decides most of the figure.
//
//   node scripts/measure-cli.mjs [--runs 5] [--forms npx,bin,node,npm-run] [--commands help,connectors,token,quarantine]
//
// A plain JavaScript script on purpose: run through tsx, the measuring process would itself compete for the CPU.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    forms: { type: 'string', default: 'npx,bin,node,npm-run' },
    commands: { type: 'string', default: 'help,connectors,token,quarantine' },
  },
});

/** The ways a user starts the CLI, as documented in the README. */
const FORMS = {
  npx: ['npx', 'hub360'],
  bin: ['./node_modules/.bin/hub360'],
  node: [process.execPath, 'bin/hub360.mjs'],
  'npm-run': ['npm', 'run', '--silent', 'hub360', '--'],
};
const COMMANDS = {
  help: ['--help'],
  connectors: ['connectors'],
  token: ['token', '--scopes', 'customers:read'],
  quarantine: ['quarantine', '--limit', '5'],
};

const pick = (list, known) =>
  list.split(',').map((name) => {
    if (!(name in known)) throw new Error(`unknown "${name}"; known: ${Object.keys(known).join(', ')}`);
    return name;
  });
const runs = Number(values.runs);
const forms = pick(values.forms, FORMS);
const commands = pick(values.commands, COMMANDS);

const timeOnce = ([file, ...args]) => {
  const started = performance.now();
  const result = spawnSync(file, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - started;
  // `connectors` exits 1 while a stream failed: still a complete answer, so only a crash is an error.
  if (result.error || result.status === null || result.status > 1)
    throw new Error(`${file} ${args.join(' ')} failed: ${result.error?.message ?? result.stderr}`);
  return ms;
};
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

console.log(`load average at start: ${load()} (${new Date().toISOString()})`);
console.log(`| command | ${forms.join(' | ')} |`);
console.log(`| --- | ${forms.map(() => '---:').join(' | ')} |`);
for (const command of commands) {
  const cells = forms.map((form) => {
    const argv = [...FORMS[form], ...COMMANDS[command]];
    timeOnce(argv);
    const times = Array.from({ length: runs }, () => timeOnce(argv));
    return `${(median(times) / 1000).toFixed(2)} s`;
  });
  console.log(`| ${command} | ${cells.join(' | ')} |`);
}
console.log(`load average at end: ${load()}`);
