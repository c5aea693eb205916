import { defineConfig } from 'vitest/config';

// The SDK warns on Node 20 at its first client; the global setup creates clients before test env applies.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// Four test layers (STYLE.md §8) plus the architecture check. Integration tests share one DynamoDB Local started by the global setup;
// e2e tests start the whole local runtime themselves, on free ports.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_DEV: 'false',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
          // A `beforeAll` that imports a whole function bundle can take over 10 s on a loaded machine.
          hookTimeout: 60_000,
          // Unit files share a worker's module cache: each file re-importing zod, the SDK and the domain cost
          // more than the tests themselves (209 files: 382 s isolated against 84 s shared, same machine).
          // Unit tests hold no module state between files; fake timers are restored in their own afterEach.
          isolate: false,
        },
      },
      // Layering rules (.dependency-cruiser.cjs) over the whole tree; see docs/architecture.md.
      {
        extends: true,
        test: { name: 'architecture', include: ['test/architecture/**/*.test.ts'], testTimeout: 120_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-dynamodb.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        test: {
          // The console in the system Chromium (installed by scripts/ensure-chromium.sh) against the local hub.
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/support/global-chromium.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
