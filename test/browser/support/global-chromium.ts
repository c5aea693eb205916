import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const script = fileURLToPath(new URL('../../../scripts/ensure-chromium.sh', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

/**
 * Makes sure the system Chromium is there (installing the Debian package when running as root, as CI
 * does) and hands its path to the browser tests. Never downloads a browser from anywhere else.
 */
export default function setup(project: TestProject) {
  const path = execFileSync('bash', [script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  project.provide('chromiumPath', path);
}
