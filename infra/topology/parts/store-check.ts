import type { TopologyPart } from '../part.ts';

/** The daily store check's schedule name. */
export const STORE_CHECK_SCHEDULE_NAME = 'store-check';

/**
 * The store's invariants (every record under exactly one active customer, locators consistent, identifiers
 * owned once by an active customer), checked once a day over the whole table and repaired where the store's
 * own content says how, merges, unmerges and erasures a dead function left part-way finished: the same
 * `runStoreCheck` as `npx hub360 store check --repair`. Its
 * `StoreInvariantViolations` metric is alarmed on anything above zero (infra/aws DailyRunAlarms).
 */
export const storeCheckPart: TopologyPart = {
  functions: {
    'store-check': {
      entry: 'functions/store-check.ts',
      description:
        'Daily store invariant check with repair (stranded records, locators, merges and erasures stopped part-way)',
      timeoutSeconds: 900,
      memoryMb: 1024,
      // Reads the whole table; repairs are conditional commits of the same items, and the store's own restructuring
      // and erasure for what a dead function left part-way (guarded as when a source record or a request runs them).
      grants: { table: 'readWrite' },
      reservedConcurrency: 1,
      // A failed check is reported by the function's error alarm; the next day's run reads afresh.
      asyncRetries: 0,
    },
  },
  streamSubscriptions: [],
  schedules: [
    {
      name: STORE_CHECK_SCHEDULE_NAME,
      description: 'Checks and repairs the store invariants once a day, after the insights population run',
      expression: 'cron(15 4 * * ? *)',
      function: 'store-check',
      input: { repair: true },
      flexibleWindowMinutes: 30,
    },
  ],
  rules: [],
  routes: [],
};
