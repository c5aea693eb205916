import { spawnSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import type { Machine } from './results.ts';

const firstLine = (text: string | undefined) => (text ?? '').split('\n')[0]?.trim() || 'unknown';

/** The machine the figures were measured on; shared CI machines differ, so the report always says. */
export const describeMachine = (repositoryRoot: string): Machine => {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
  });
  return {
    measuredAt: new Date().toISOString(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cpus: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    java: firstLine(java.stderr || java.stdout),
    loadAverageAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
    commit: firstLine(commit.stdout),
  };
};
