/**
 * Runs the examples of README.md and docs/*.md against a running hub, as printed: every `curl …` line and
 * every `npx hub360 …` command in a fenced `sh`/`bash`/`shell` block (a line with `\` at its end continues on
 * the next; assignments such as `TOKEN=$(npx hub360 token …)` run first and stay set for the rest of the
 * block). An example that needs AWS or placeholders is left out by `# docs:check skip` at its end, or a whole
 * block by `<!-- docs:check skip -->` on the line before its fence; a line with a `<placeholder>` is a
 * template and is left out too (reported as skipped). A curl answer of 4xx/5xx, or a command that exits
 * non-zero, fails the example: the report names file:line, the example and what came back.
 *
 * Usage: npm run docs:check [-- --api http://127.0.0.1:4360] [--list]
 * (`--api` replaces the documented default API address in the examples; `--list` prints them without running.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const DOCUMENTED_API = 'http://127.0.0.1:4360';
const SKIP_LINE = /#\s*docs:check skip\s*$/;
const SKIP_BLOCK = /<!--\s*docs:check skip\s*-->/;
const RUNNABLE = /^(?:curl\s|npx hub360\s)|^[A-Z_]+=\$\((?:npx hub360|curl)\s/;
const ASSIGNMENT = /^[A-Z_]+=/;
const PLACEHOLDER = /<[a-z][^>]*>/i;

export interface DocExample {
  readonly file: string;
  readonly line: number;
  readonly command: string;
  /** The fenced block it is in: a block runs in one shell, so its assignments hold for what follows. */
  readonly block: number;
  /** A plain assignment (`API=…`) only sets up what follows; it is run, not reported. */
  readonly setupOnly?: boolean;
  readonly skipped?: string;
}

/** The runnable examples of one Markdown text. */
export const extractExamples = (file: string, text: string): DocExample[] => {
  const lines = text.split('\n');
  const examples: DocExample[] = [];
  let inBlock = false;
  let runnableBlock = false;
  let skipBlock = false;
  let block = 0;
  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i] as string;
    const fence = /^\s*```(\w*)/.exec(raw);
    if (fence) {
      if (inBlock) {
        inBlock = false;
        continue;
      }
      inBlock = true;
      runnableBlock = ['sh', 'bash', 'shell'].includes(fence[1] ?? '');
      skipBlock = i > 0 && SKIP_BLOCK.test(lines[i - 1] ?? '');
      block += 1;
      continue;
    }
    if (!inBlock || !runnableBlock) continue;
    const start = i;
    let command = raw.trim();
    while (command.endsWith('\\') && i + 1 < lines.length) {
      i += 1;
      command = `${command.slice(0, -1).trimEnd()} ${(lines[i] as string).trim()}`;
    }
    const setupOnly = !RUNNABLE.test(command) && ASSIGNMENT.test(command);
    if (!RUNNABLE.test(command) && !setupOnly) continue;
    const skipped = skipBlock
      ? 'block marked docs:check skip'
      : SKIP_LINE.test(command)
        ? 'marked docs:check skip'
        : PLACEHOLDER.test(command.replace(/#.*$/, ''))
          ? 'has a <placeholder>'
          : undefined;
    examples.push({
      file,
      line: start + 1,
      command,
      block,
      ...(setupOnly ? { setupOnly } : {}),
      ...(skipped ? { skipped } : {}),
    });
  }
  return examples;
};

/** What came back from one example: failed with the reason and output, or passed. */
export interface ExampleOutcome {
  readonly ok: boolean;
  readonly reason?: string;
  readonly output: string;
}

/**
 * Runs one block's examples in one bash (so assignments hold), each followed by a marker with its exit code;
 * curl answers its status on stderr (a `.curlrc` in a private CURL_HOME), merged into the same stream.
 */
export const runBlock = (
  examples: readonly DocExample[],
  api: string,
  curlHome: string,
): Map<DocExample, ExampleOutcome> => {
  const swap = (line: string) => line.split(DOCUMENTED_API).join(api);
  const script = examples
    .map((example, n) => `echo "@@START ${n}"\n${swap(example.command)} 2>&1\necho "@@EXIT ${n} $?"`)
    .join('\n');
  const run = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    env: { ...process.env, CURL_HOME: curlHome },
    timeout: 600_000,
  });
  const text = `${run.stdout ?? ''}`;
  const outcomes = new Map<DocExample, ExampleOutcome>();
  examples.forEach((example, n) => {
    const start = text.indexOf(`@@START ${n}\n`);
    const exit = new RegExp(`@@EXIT ${n} (\\d+)`).exec(text);
    if (start < 0 || !exit) {
      outcomes.set(example, {
        ok: false,
        reason: run.error?.message ?? 'did not run',
        output: run.stderr ?? '',
      });
      return;
    }
    const output = text.slice(start + `@@START ${n}\n`.length, exit.index).trim();
    const statuses = [...output.matchAll(/HTTP-STATUS (\d{3})/g)].map((m) => Number(m[1]));
    const bad = statuses.find((status) => status >= 400 || status === 0);
    const code = Number(exit[1]);
    outcomes.set(
      example,
      bad !== undefined
        ? { ok: false, reason: `HTTP ${bad}`, output }
        : code !== 0
          ? { ok: false, reason: `exit code ${code}`, output }
          : { ok: true, output },
    );
  });
  return outcomes;
};

const docFiles = (root: string) => [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(root, 'docs', name)),
];

const main = () => {
  const { values } = parseArgs({
    options: {
      api: { type: 'string', default: process.env.HUB360_DOCS_API ?? DOCUMENTED_API },
      list: { type: 'boolean', default: false },
    },
  });
  const root = resolve(import.meta.dirname, '..');
  const examples = docFiles(root).flatMap((file) =>
    extractExamples(file.slice(root.length + 1), readFileSync(file, 'utf8')),
  );
  const curlHome = mkdtempSync(join(tmpdir(), 'hub360-docs-'));
  writeFileSync(join(curlHome, '.curlrc'), 'write-out = "%{stderr}HTTP-STATUS %{http_code}\\n"\n');
  let failed = 0;
  let skipped = 0;
  let setups = 0;
  const blocks = new Map<string, DocExample[]>();
  for (const example of examples) {
    if (example.setupOnly) setups += 1;
    if (example.skipped) {
      skipped += 1;
      process.stdout.write(
        `skip  ${example.file}:${example.line}  ${example.command}  (${example.skipped})\n`,
      );
      continue;
    }
    const key = `${example.file}#${example.block}`;
    blocks.set(key, [...(blocks.get(key) ?? []), example]);
  }
  for (const block of blocks.values()) {
    if (values.list) {
      for (const e of block) process.stdout.write(`list  ${e.file}:${e.line}  ${e.command}\n`);
      continue;
    }
    for (const [example, outcome] of runBlock(block, values.api, curlHome)) {
      if (example.setupOnly) continue;
      const where = `${example.file}:${example.line}`;
      if (outcome.ok) {
        process.stdout.write(`ok    ${where}  ${example.command}\n`);
        continue;
      }
      failed += 1;
      const shown = outcome.output
        .replace(/HTTP-STATUS \d{3}\n?/g, '')
        .trim()
        .slice(0, 800);
      process.stdout.write(
        `FAIL  ${where}  ${example.command}\n      ${outcome.reason}: ${shown.split('\n').join('\n      ')}\n`,
      );
    }
  }
  const ran = examples.length - skipped - setups;
  process.stdout.write(
    `\n${examples.length} examples: ${values.list ? 0 : ran - failed} passed, ${failed} failed, ${skipped} skipped\n`,
  );
  process.exitCode = failed > 0 ? 1 : 0;
};

if (import.meta.url === `file://${process.argv[1]}`) main();
