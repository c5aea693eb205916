import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { secretEnvironmentVariable } from '../../../adapters/secrets/environment-secrets.ts';
import { loadConnectorsConfig } from '../../../connectors/config/load-connectors-config.ts';
import { main } from '../../../infra/local/cli/program.ts';
import { type LocalHub, type LocalSources, startLocalHub } from '../../../infra/local/runtime.ts';
import { sandboxSecretNames } from '../../../infra/local/sandbox-connectors.ts';
import { startSandboxSources } from '../../../infra/local/sandbox-sources.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { loadTopology } from '../../../infra/topology/index.ts';
import { apiPart } from '../../../infra/topology/parts/api.ts';
import { connectorsPart } from '../../../infra/topology/parts/connectors.ts';
import { reactionRulesPart } from '../../../infra/topology/parts/reaction-rules.ts';
import { storePart } from '../../../infra/topology/parts/store.ts';
import {
  ReactionFeedPageSchema,
  type ReactionRecord,
  RuleOutcomesSchema,
} from '../../../schemas/api/reactions.ts';
import { waitFor } from '../../support/wait-for.ts';

// Thirty customers' two years of deliveries: units whose coverage ended long ago, ends soon, or runs on.
const SANDBOX_CUSTOMERS = 30;
const NOTICE_DAYS = 30; // expiryNoticeDays, the default
const RULE = 'coverage-expiry-to-service';
const DAY_MS = 86_400_000;

const ScheduledSyncResultSchema = z.object({
  caughtUp: z.boolean(),
  skipped: z.string().optional(),
  failed: z.array(z.string()).optional(),
});
const NoticeSchema = z.looseObject({
  type: z.string(),
  customerId: z.string(),
  partNumber: z.string(),
  serialNumber: z.string().nullable(),
  coverage: z.enum(['warranty', 'contract']),
  contractNumber: z.string().nullable(),
  endsOn: z.string(),
  daysLeft: z.number(),
});
const InboxSchema = z.object({
  messages: z.array(z.object({ idempotencyKey: z.string().optional(), body: z.unknown() })),
});
const EquipmentSchema = z.looseObject({
  Equipment: z.string(),
  Material: z.string(),
  SerialNumber: z.string(),
  YY1_ServiceContract_IEQ: z.string(),
  YY1_ServiceContractEnd_IEQ: z.string().nullable(),
  to_Warranty: z.object({
    results: z.array(z.object({ WarrantyType: z.string(), WarrantyEndDate: z.string() })),
  }),
});
type Equipment = z.infer<typeof EquipmentSchema>;
const EquipmentPageSchema = z.object({
  d: z.object({ results: z.array(EquipmentSchema), __next: z.string().optional() }),
});

/** `/Date(1772323200000)/` → `2026-03-01`. */
const sapDay = (value: string) => new Date(Number(/\d+/.exec(value)?.[0])).toISOString().slice(0, 10);
const today = () => new Date().toISOString().slice(0, 10);
const daysFromToday = (day: string) => Math.round((Date.parse(day) - Date.parse(today())) / DAY_MS);

/** Each coverage of a unit as `serial|coverage|endsOn`, the way a notice names it. */
const coveragesOf = (unit: Equipment) => {
  const warranty = unit.to_Warranty.results.find((w) => w.WarrantyType === '1');
  return [
    ...(warranty ? [{ coverage: 'warranty', endsOn: sapDay(warranty.WarrantyEndDate) }] : []),
    ...(unit.YY1_ServiceContractEnd_IEQ
      ? [{ coverage: 'contract', endsOn: sapDay(unit.YY1_ServiceContractEnd_IEQ) }]
      : []),
  ].map((c) => ({ ...c, key: `${unit.SerialNumber}|${c.coverage}|${c.endsOn}` }));
};

/**
 * The installed-base loop as `npm start` runs it: SAP's equipment (the sandbox's `API_EQUIPMENT`) synced by the
 * sap-s4 preset's `installed-base` stream, coverage ending within the notice period decided from the change
 * stream, delivered by the coverage rule to the sandbox's service inbox; then a failing service inbox whose
 * notice is dead-lettered, shown as failed in the reactions feed and the outcomes, and delivered on redrive.
 */
describe('installed base and coverage notices on the local runtime with the sandbox', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub360-installed-base-e2e-'));
  let hub: LocalHub;
  let sources: LocalSources;
  let sap: { baseUrl: string; authorization: string };
  let token: string;
  let initialEquipment: Equipment[];

  const inboxRoot = () => new URL(sources.reactionsInbox?.url ?? '').origin;
  const coverageNotices = async () => {
    const response = await fetch(`${sources.reactionsInbox?.url}?target=serviceNotices`, {
      headers: { authorization: sources.reactionsInbox?.authorization ?? '' },
    });
    return InboxSchema.parse(await response.json())
      .messages.map((m) => ({ key: m.idempotencyKey, notice: NoticeSchema.parse(m.body) }))
      .filter((m) => m.notice.type === 'coverageEnding');
  };
  const readEquipment = async (): Promise<Equipment[]> => {
    const all: Equipment[] = [];
    let url: string | undefined = `${sap.baseUrl}/API_EQUIPMENT/Equipment?$expand=to_Warranty&$format=json`;
    while (url) {
      const response = await fetch(url, { headers: { authorization: sap.authorization } });
      const page = EquipmentPageSchema.parse(await response.json());
      all.push(...page.d.results);
      url = page.d.__next;
    }
    return all;
  };
  const syncSapUntilCaughtUp = async () => {
    for (let run = 0; run < 20; run++) {
      const result = ScheduledSyncResultSchema.parse(
        // The streams this loop needs: who the customers are, and what they own.
        await hub.functions.invoke('connector-sync', {
          connector: 'sap-s4',
          streams: ['business-partners', 'installed-base'],
        }),
      );
      if (result.failed?.length) throw new Error(`sync of sap-s4 failed: ${result.failed.join('; ')}`);
      if (result.caughtUp && result.skipped === undefined) return;
      await hub.settle();
    }
    throw new Error('sync of sap-s4 did not catch up in 20 runs');
  };
  const feed = async (): Promise<ReactionRecord[]> => {
    const response = await fetch(`${hub.info.apiUrl}/reactions?rule=${RULE}&limit=100`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return ReactionFeedPageSchema.parse(await response.json()).items;
  };
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const code = await main(['--data-dir', dataDir, ...argv], {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    });
    return { code, out };
  };
  const outcomesOfRule = async () => {
    const { code, out } = await cli('rules', 'outcomes', '--rule', RULE, '--json');
    if (code !== 0) throw new Error(`rules outcomes answered ${code}: ${out.join('\n')}`);
    return RuleOutcomesSchema.parse(JSON.parse(out.join('\n'))).rules[0];
  };
  const faults = (method: 'POST' | 'DELETE', root: string, spec?: unknown) =>
    fetch(`${root}/_sandbox/faults`, {
      method,
      ...(spec === undefined
        ? {}
        : { body: JSON.stringify(spec), headers: { 'content-type': 'application/json' } }),
    });

  beforeAll(async () => {
    const settings = LocalSettingsSchema.parse({
      dataDir,
      apiPort: 0,
      busPort: 0,
      storePort: 0,
      streamPollMs: 100,
      logLevel: 'SILENT',
      // The sandbox holds still: the initial load is what SAP holds now, and the live change is the test's own.
      sandboxTickMs: 0,
    });
    hub = await startLocalHub({
      settings,
      startSources: async (dir) => {
        sources = await startSandboxSources(dir, settings, SANDBOX_CUSTOMERS);
        const config = loadConnectorsConfig(sources.environment)['sap-s4'];
        const secret = z
          .object({ username: z.string(), password: z.string() })
          .parse(
            JSON.parse(sources.environment[secretEnvironmentVariable(sandboxSecretNames.sapS4)] ?? '{}'),
          );
        sap = {
          baseUrl: String(config && 'baseUrl' in config ? config.baseUrl : ''),
          authorization: `Basic ${Buffer.from(`${secret.username}:${secret.password}`).toString('base64')}`,
        };
        return sources;
      },
      topology: loadTopology([storePart, connectorsPart({}), reactionRulesPart, apiPart]),
      runSchedulesAtStart: false,
      environment: { POWERTOOLS_METRICS_DISABLED: 'true' },
      busRetryBaseDelayMs: 5,
      asyncRetryDelaysMs: [5, 5],
    });
    token = await hub.mintToken(['customers:read']);
    initialEquipment = await readEquipment();
    // The initial load: everything SAP holds, years of it.
    await syncSapUntilCaughtUp();
  }, 300_000);

  afterAll(async () => {
    await hub?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('notifies the service team once per coverage ending within the notice period, from the initial load', async () => {
    const coverages = initialEquipment.flatMap(coveragesOf);
    const dueSoon = coverages.filter(
      (c) => daysFromToday(c.endsOn) >= 0 && daysFromToday(c.endsOn) <= NOTICE_DAYS,
    );
    await waitFor('a coverage notice per unit whose coverage ends soon', async () =>
      (await coverageNotices()).length >= dueSoon.length ? true : undefined,
    );
    await hub.settle();

    const notices = await coverageNotices();
    const received = notices.map((m) => `${m.notice.serialNumber}|${m.notice.coverage}|${m.notice.endsOn}`);
    expect(dueSoon.length).toBeGreaterThan(0);
    expect(received.sort()).toEqual(dueSoon.map((c) => c.key).sort());
    expect(new Set(notices.map((m) => m.key)).size).toBe(notices.length);
    for (const { notice } of notices) expect(notice.daysLeft).toBe(daysFromToday(notice.endsOn));
  });

  it('sends nothing for coverage that ended long ago (history) or ends after the notice period', async () => {
    const coverages = initialEquipment.flatMap(coveragesOf);
    const expired = coverages.filter((c) => daysFromToday(c.endsOn) < 0);
    const later = coverages.filter((c) => daysFromToday(c.endsOn) > NOTICE_DAYS);

    const received = new Set(
      (await coverageNotices()).map(
        (m) => `${m.notice.serialNumber}|${m.notice.coverage}|${m.notice.endsOn}`,
      ),
    );

    expect([expired.length > 0, later.length > 0]).toEqual([true, true]);
    expect([...expired, ...later].filter((c) => received.has(c.key))).toEqual([]);
  });

  it('records every notice delivered in the reactions feed', async () => {
    const entries = await feed();

    expect(entries.length).toBe((await coverageNotices()).length);
    expect(entries.filter((e) => e.delivery.status !== 'delivered').map((e) => e.summary)).toEqual([]);
  });

  it('shows a notice the service inbox refused as failed, and as delivered once re-driven', async () => {
    const before = await coverageNotices();
    const deliveredBefore = (await outcomesOfRule())?.delivered;
    // The service inbox answers 503 to every notice (more than the rule's 9 attempts).
    await faults('POST', inboxRoot(), {
      kind: 'serverError',
      status: 503,
      times: 50,
      pathIncludes: '/service/notices',
    });
    // A live change in SAP: a unit's service contract is now agreed to end within weeks.
    const armed = z.object({ touchedKeys: z.array(z.string()) }).parse(
      await (
        await faults('POST', `${sap.baseUrl}/API_EQUIPMENT`, {
          kind: 'lateRows',
          stream: 'Equipment',
          count: 1,
          ageMinutes: 0.05,
        })
      ).json(),
    );
    const [equipment] = armed.touchedKeys;
    const unit = (await readEquipment()).find((u) => u.Equipment === equipment);
    const contractEnd = unit?.YY1_ServiceContractEnd_IEQ ? sapDay(unit.YY1_ServiceContractEnd_IEQ) : '';
    await syncSapUntilCaughtUp();
    await waitFor('the refused notice to become a dead letter', () =>
      hub.deadLetters.list().some((d) => d.origin.startsWith(`rule:${RULE}/`)) ? true : undefined,
    );
    await hub.settle();
    const failedEntries = (await feed()).filter((e) => e.delivery.status === 'failed');
    const failedOutcome = await outcomesOfRule();
    await faults('DELETE', inboxRoot());

    const redrive = await cli('rules', 'redrive', '--origin', `rule:${RULE}/*`);
    await waitFor('the re-driven notice in the service inbox', async () =>
      (await coverageNotices()).length > before.length ? true : undefined,
    );
    await hub.settle();

    expect(contractEnd).not.toBe('');
    expect(failedEntries.map((e) => [e.summary, e.delivery.attempts])).toEqual([
      [`Contract for ${unit?.Material} ends ${contractEnd} (${daysFromToday(contractEnd)} days)`, 9],
    ]);
    expect(failedEntries[0]?.delivery.reason).toContain('503');
    expect(failedOutcome).toMatchObject({ failed: 1, delivered: deliveredBefore });
    expect(redrive).toMatchObject({ code: 0, out: ['redrove 1 dead letter(s)'] });
    const after = (await coverageNotices()).slice(before.length);
    expect(after.map((m) => [m.notice.serialNumber, m.notice.coverage, m.notice.endsOn])).toEqual([
      [unit?.SerialNumber, 'contract', contractEnd],
    ]);
    const entry = (await feed()).find((e) => e.reactionId === failedEntries[0]?.reactionId);
    expect(entry?.delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(await outcomesOfRule()).toMatchObject({ failed: 0, delivered: (deliveredBefore ?? 0) + 1 });
    expect(hub.deadLetters.list().filter((d) => d.origin.startsWith(`rule:${RULE}/`))).toEqual([]);
  });
});
