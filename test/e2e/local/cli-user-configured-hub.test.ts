import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEnvironmentVariable } from '../../../adapters/secrets/environment-secrets.ts';
import { main } from '../../../infra/local/cli/program.ts';
import { type LocalHub, startLocalHub } from '../../../infra/local/runtime.ts';
import { sandboxConnectorsConfig } from '../../../infra/local/sandbox-connectors.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { type Sandbox, startSandbox } from '../../../sandbox/index.ts';

/**
 * A hub started like `npm start -- --no-sandbox` with the user's own HUB_CONNECTORS and HUB_SECRET_* in its
 * environment, pointed at a sandbox this test runs as "their" Business Central; the CLI drives it.
 */
describe('hub360 CLI against a user-configured hub', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub360-cli-'));
  const secretName = 'acme/erp-credentials';
  const secretVariable = secretEnvironmentVariable(secretName);
  let sandbox: Sandbox;
  let hub: LocalHub;

  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['--data-dir', dataDir, ...argv], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ landingDir: join(dataDir, 'landing'), scale: 'small', tickIntervalMs: 0 });
    const sandboxBc = sandboxConnectorsConfig(sandbox.endpoints, sandbox.credentials)['business-central'];
    if (sandboxBc?.preset !== 'business-central')
      throw new Error('the sandbox config has no Business Central');
    // What a user puts in .env: an instance name of their choosing and their own secret reference.
    process.env.HUB_CONNECTORS = JSON.stringify({
      'acme-erp': {
        ...sandboxBc,
        auth: { ...sandboxBc.auth, secret: secretName },
        schedule: 'rate(7 minutes)',
      },
    });
    process.env[secretVariable] = JSON.stringify({
      clientId: sandbox.credentials.businessCentral.clientId,
      clientSecret: sandbox.credentials.businessCentral.clientSecret,
    });
    hub = await startLocalHub({
      settings: LocalSettingsSchema.parse({
        dataDir,
        apiPort: 0,
        busPort: 0,
        storePort: 0,
        sandbox: false,
        logLevel: 'SILENT',
      }),
      // The CLI's sync is the one under test, not the schedule's.
      runSchedulesAtStart: false,
    });
  });
  afterAll(async () => {
    await hub?.stop();
    await sandbox?.stop();
    delete process.env.HUB_CONNECTORS;
    delete process.env[secretVariable];
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('schedules the user-named instance on its own schedule, and no instance it does not configure', () => {
    const connectorSchedules = hub.schedules.filter((s) => s.name.startsWith('sync-'));

    expect(connectorSchedules.map((s) => [s.name, s.expression])).toEqual([
      ['sync-acme-erp', 'rate(7 minutes)'],
    ]);
  });

  it('syncs the user-named connector through the hub, printing a progress line per page and the outcome', async () => {
    const { code, out, err } = await cli('sync', 'acme-erp');

    expect(err).toBe('');
    expect(code).toBe(0);
    // Business Central is read by change tracking (delta links), which reports no total: counts without a bar.
    expect(out).toMatch(/^acme-erp\/customers {2}\d+ records {2}\d+ pages? {2}\d+ rec\/s/m);
    expect(out).toMatch(/^acme-erp\/customers: succeeded, \d+ read, \d+ written/m);
    expect(out).toMatch(/^acme-erp\/sales-invoices: succeeded/m);
  });

  it('lists the synced streams with their last run, as the hub reads them from its store', async () => {
    const { code, out, err } = await cli('connectors');

    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^CONNECTOR\/STREAM +STATUS +LAST RUN/m);
    expect(out).toMatch(/^acme-erp\/customers +succeeded +\d+ s ago/m);
    expect(out).not.toContain('not run since start');
  });

  it('answers quarantine for the user-named connector through the hub', async () => {
    const { code, out, err } = await cli('quarantine', '--connector', 'acme-erp', '--limit', '5');

    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^No quarantined records\.$|^\d+ record\(s\)/m);
  });

  it('checks the connector without writing: connection, then each stream’s first page mapped', async () => {
    const { code, out } = await cli('connectors', 'check', 'acme-erp');

    expect(code).toBe(0);
    expect(out).toContain('acme-erp: connection ok');
    expect(out).toMatch(/customers: ok, first page \d+ record\(s\) read, \d+ mapped, 0 refused/);
    expect(out).toContain('check passed; nothing was written');
  });

  it('names the configured connectors when asked to sync one the hub does not run', async () => {
    const { code, err } = await cli('sync', 'business-central');

    expect(code).toBe(1);
    expect(err).toContain('connector "business-central" is not configured in this hub; configured: acme-erp');
  });

  it('names the streams when asked to sync a stream the connector does not have', async () => {
    const { code, err } = await cli('sync', 'acme-erp', '--stream', 'contacts');

    expect(code).toBe(1);
    expect(err).toContain(
      'acme-erp has no stream "contacts"; streams: customers, sales-orders, sales-invoices',
    );
  });

  it('refuses an unknown connector for quarantine, listing the known ones', async () => {
    const { code, err } = await cli('quarantine', '--connector', 'nosuch');

    expect(code).toBe(1);
    expect(err).toContain('unknown connector "nosuch"; this hub runs: acme-erp');
  });

  it('refuses a dead-letter origin naming a rule the hub does not have, listing its rules', async () => {
    const { code, err } = await cli('dead-letters', '--origin', 'rule:nosuch/*');

    expect(code).toBe(1);
    expect(err).toMatch(/no rule "nosuch" in this hub; known: .*connector-sync-continuation/);
  });

  it('answers --help of a command with its usage and options, exit code 0', async () => {
    const { code, out } = await cli('sync', '--help');

    expect(code).toBe(0);
    expect(out).toContain('Usage: hub360 sync [options] <connector>');
    expect(out).toContain('--stream <name...>');
  });

  it('answers an unknown command with an error and the list of commands', async () => {
    const { code, err } = await cli('snyc');

    expect(code).toBe(1);
    expect(err).toContain("unknown command 'snyc'");
    expect(err).toContain('(Did you mean sync?)');
  });
});
