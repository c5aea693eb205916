import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoConnectorState } from '../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import { type LocalHub, startLocalHub } from '../../infra/local/runtime.ts';
import { startSandboxSources } from '../../infra/local/sandbox-sources.ts';
import { LocalSettingsSchema } from '../../infra/local/settings.ts';
import { localAwsIdentity } from '../../infra/local/store/dynamodb-local.ts';
import type { ReactionFeedPage } from '../../schemas/api/reactions.ts';
import type { SegmentList } from '../../schemas/api/segments.ts';
import { waitFor } from '../support/wait-for.ts';
import { describeDemandView } from './demand-view.ts';
import { screenshot, signIn } from './support/console-page.ts';
import { hubApi, offers } from './support/hub-api.ts';
import { describeSearchProfile, readSearchProfile } from './support/search-profile.ts';
import { findShowcaseCustomer, type ShowcaseCustomer } from './support/showcase-customer.ts';
import { startSwitchableServer } from './support/switchable-server.ts';

/** A number as an agent types it from the caller's words: `+497111597448` → `0711 1597448`, others spaced. */
const asTyped = (e164: string) =>
  e164.startsWith('+49')
    ? `0${e164.slice(3, 6)} ${e164.slice(6)}`
    : `${e164.slice(0, 3)} ${e164.slice(3, 6)} ${e164.slice(6)}`;

const PDM_ORIGIN = 'rule:product-issues-to-pdm/target:pdm-change-request';

// One hub with its sandbox systems and one Chromium for every browser test: starting the hub and waiting for
// the first syncs is most of what these tests cost, so the demand view (demand-view.ts) runs on it too.
const dataDir = mkdtempSync(join(tmpdir(), 'hub360-console-'));
let hub: LocalHub;
let browser: Browser;
let documents: DynamoDBDocumentClient;
let pdm: Awaited<ReturnType<typeof startSwitchableServer>>;
let customer: ShowcaseCustomer;
let consoleUrl: string;

beforeAll(async () => {
  pdm = await startSwitchableServer();
  const settings = LocalSettingsSchema.parse({
    dataDir,
    apiPort: 0,
    busPort: 0,
    storePort: 0,
    streamPollMs: 100,
    logLevel: 'SILENT',
    logFormat: 'json',
  });
  // One after the other: on a busy machine a browser starting beside it can keep DynamoDB Local from
  // answering within its start-up time.
  hub = await startLocalHub({
    settings,
    startSources: (dir) => startSandboxSources(dir, settings, 'small'),
    // PDM change requests go to a system that refuses at first, so one reaction becomes a dead letter.
    environment: { REACTION_PDM_CHANGE_REQUEST_URL: `${pdm.url}/change-requests` },
    busRetryBaseDelayMs: 5,
    asyncRetryDelaysMs: [5, 5],
  });
  browser = await chromium.launch({ executablePath: inject('chromiumPath'), args: ['--no-sandbox'] });
  consoleUrl = hub.info.consoleUrl ?? '';
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hub.info.storeEndpoint, ...localAwsIdentity }),
  );
  customer = await waitFor(
    'the sandbox systems to bring in a merged customer with orders, invoices, shipments and web activity',
    () => findShowcaseCustomer(documents, hub.info.tableName),
    // Minutes on a busy machine: the first syncs of every sandbox system have to finish.
    { timeoutMs: 840_000, intervalMs: 2_000 },
  );
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  documents?.destroy();
  await pdm?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('console in a real Chromium against the local hub with its sandbox systems', () => {
  const phone = () => customer.identifiers.find((i) => i.startsWith('phone:'))?.slice('phone:'.length) ?? '';

  it('finds a customer by the phone number as an agent types it and shows every panel from sandbox data', async () => {
    const page = await signIn(browser, consoleUrl, 'agent', 'agent.anna');

    const search = async () => {
      await page.getByLabel('Find a customer').fill(asTyped(phone()));
      await page.getByRole('button', { name: 'Search' }).click();
      await page.locator(`article[data-customer="${customer.customerId}"]`).waitFor();
      await page.locator('[data-panel="identity"] li[data-entry]').first().waitFor();
      return readSearchProfile(page, hub.info.apiUrl);
    };
    // Reported, not asserted: the issue asks for "usable within 1 s of a search" on the local hub. Measured
    // by the page itself (submit → panels rendered), for the first search and again for a second one.
    const first = await search();
    console.info(describeSearchProfile('first search', first));

    const panel = (name: string) => page.locator(`[data-panel="${name}"]`);
    await expect(panel('profile').locator('dd').count()).resolves.toBeGreaterThan(2);
    await expect(panel('orders').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(panel('invoices').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    // Shipments under way, or (once the sandbox delivered them all) the panel saying so.
    await expect(panel('shipments').textContent()).resolves.toMatch(/Promised|No shipments under way/);
    await expect(panel('web').textContent()).resolves.toMatch(/\d+ events, last seen|No web shop activity/);
    await expect(panel('insights').textContent()).resolves.toContain('not computed yet');
    await expect(
      panel('identity')
        .getByRole('button', { name: /Unmerge/ })
        .count(),
    ).resolves.toBe(0);
    await expect(panel('identity').locator('[data-note="no-unmerge"]').isVisible()).resolves.toBe(true);
    await screenshot(page, 'agent-view');
    await page.goto(`${consoleUrl}#/agent`);
    const second = await search();
    console.info(describeSearchProfile('second search', second));
    // No waterfall: the lookups, the 360 view and the identity graph are all asked for before the panels
    // render, and nothing is left to ask for afterwards.
    for (const profile of [first, second]) {
      const paths = profile.beforeRender.map((r) => r.path);
      expect(paths.filter((p) => p === `/customers/${customer.customerId}`)).toHaveLength(1);
      expect(paths.filter((p) => p === `/customers/${customer.customerId}/identity`)).toHaveLength(1);
      expect(paths.filter((p) => !p.startsWith(`/customers/${customer.customerId}`))).toEqual(
        paths.filter((p) => p.startsWith('/customers?identifier=')),
      );
      expect(profile.afterRender).toEqual([]);
    }
    await page.context().close();
  });

  it('offers a read-only agent no operator view and refuses it by URL, naming the scope it needs', async () => {
    const page = await signIn(browser, consoleUrl, 'agent', 'agent.anna');
    const views = page.getByRole('navigation', { name: 'Views', exact: true });
    await expect(views.getByRole('link', { name: 'Agent' }).count()).resolves.toBe(1);

    await page.goto(`${consoleUrl}#/operator`);
    const refused = page.locator('[data-refused]').first();
    await refused.waitFor();

    await expect(views.getByRole('link', { name: 'Operator' }).count()).resolves.toBe(0);
    await expect(refused.textContent()).resolves.toMatch(/Not allowed.*connectors:read/);
    await screenshot(page, 'scope-refused');
    await page.context().close();
  });

  it('opens the business views to a manager with only the business scope and refuses the agent view, as the API does', async () => {
    const manager = await hubApi(hub.info.apiUrl, consoleUrl, ['business:read']);
    // The API's own answer for this token: business routes open, a customer's 360 view closed.
    await expect(manager.status('/segments')).resolves.toBe(200);
    await expect(manager.status('/reactions/outcomes')).resolves.toBe(200);
    await expect(manager.status(`/customers/${customer.customerId}`)).resolves.toBe(403);
    const page = await signIn(browser, consoleUrl, 'manager', 'manager.mia');

    // Lands on the business views, the only ones offered.
    await page.locator('[data-section="segments"] [data-panel="segments"]').waitFor();
    const views = page.getByRole('navigation', { name: 'Views', exact: true });
    await expect(views.getByRole('link').allTextContents()).resolves.toEqual(['Business']);
    await expect(page.locator('[data-refused]').count()).resolves.toBe(0);
    await page.goto(`${consoleUrl}#/business/reactions`);
    await page.locator('[data-panel="rule-outcomes"]').waitFor();
    await expect(page.locator('[data-refused]').count()).resolves.toBe(0);

    await page.goto(`${consoleUrl}#/agent`);
    const refused = page.locator('[data-refused="scope"][data-view="agent"]');
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toMatch(
      /Not allowed to open the agent view.*customers:read/,
    );
    await expect(page.getByLabel('Find a customer').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('lets a supervisor undo a merge and shows the split', async () => {
    const page = await signIn(browser, consoleUrl, 'supervisor', 'supervisor.ben');
    const email = customer.identifiers.find((i) => i.startsWith('email:')) ?? '';
    await page.getByLabel('Find a customer').fill(email.slice('email:'.length));
    await page.getByRole('button', { name: 'Search' }).click();
    const identity = page.locator('[data-panel="identity"]');
    await identity
      .getByRole('button', { name: /Unmerge/ })
      .first()
      .click();

    await identity.getByLabel('Why is this merge wrong?').fill('two different companies share this mailbox');
    await identity.getByRole('button', { name: 'Confirm unmerge' }).click();
    const done = identity.getByRole('status');
    await done.waitFor();

    await expect(done.textContent()).resolves.toMatch(
      /Merge undone; the records now form cus_\w+ and cus_\w+/,
    );
    await identity.locator('li[data-entry]', { hasText: 'Unmerged' }).first().waitFor();
    await screenshot(page, 'identity-unmerge');
    await page.context().close();
  }, 180_000);

  it('shows the operator connectors, quarantine with the raw record, and redrives a dead letter', async () => {
    // The sandbox serves only valid records; quarantine one the way the connector kit does.
    await createDynamoConnectorState(documents, hub.info.tableName).quarantine({
      connector: 'sap-s4',
      stream: 'business-partners',
      recordKey: '1099999',
      reason: 'data.email: must be an e-mail address',
      raw: { BusinessPartner: '1099999', EmailAddress: 'not-an-email' },
      lastSeenAt: new Date().toISOString(),
    });
    // A part over its complaint threshold is a change request for PDM, which refuses it: a dead letter.
    // Signed with the credentials the hub generated for its functions: the local bus accepts no others.
    await new EventBridgeClient({
      endpoint: hub.info.busEndpoint,
      region: hub.info.region,
      credentials: {
        accessKeyId: hub.info.functionEnvironment.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: hub.info.functionEnvironment.AWS_SECRET_ACCESS_KEY ?? '',
      },
    }).send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: hub.info.busName,
            Source: 'hub360.reactions',
            DetailType: 'ProductIssueThresholdReached',
            Detail: JSON.stringify({
              metadata: { eventId: 'evt-browser-test' },
              reactionKey: 'pdm:CP-8040:browser-test',
              partNumber: 'CP-8040',
              complaints: 4,
              returns: 1,
              window: { from: '2026-11-01', to: '2026-12-01' },
              evidence: [{ interaction: 'T-1', category: 'complaint' }],
            }),
          },
        ],
      }),
    );
    // Ours among any the sandbox's own reactions caused: the one holding this test's event.
    const deadLetter = await waitFor('the refused reaction to be dead-lettered', () =>
      hub.deadLetters
        .list({ origin: PDM_ORIGIN })
        .find((l) => JSON.stringify(l.payload).includes('pdm:CP-8040:browser-test')),
    );
    // PDM itself refused it: the request reached it (with the connection's credentials).
    expect(pdm.refused.some((b) => b.includes('pdm:CP-8040:browser-test'))).toBe(true);
    const page = await signIn(browser, consoleUrl, 'operator', 'ops.olga');

    await page.getByRole('link', { name: 'Operator' }).click();
    await page.locator('tr[data-connector="sap-s4"]').waitFor();
    await page
      .locator('tr[data-connector="sap-s4"]')
      .getByRole('button', { name: /quarantine/ })
      .click();
    const quarantined = page.locator('[data-quarantine="sap-s4"] li', { hasText: '1099999' });
    await quarantined.getByText('Raw record').click();
    await expect(quarantined.textContent()).resolves.toContain('not-an-email');
    const letter = page.locator(`li[data-dead-letter="${deadLetter.id}"]`);
    await letter.waitFor();
    await expect(page.locator('tr[data-connector]').count()).resolves.toBeGreaterThanOrEqual(4);
    await screenshot(page, 'operator-view');

    pdm.accept();
    await letter.getByRole('button', { name: 'Redrive' }).click();
    await page.getByRole('status').filter({ hasText: 'Redriven' }).waitFor();

    const delivered = await waitFor('PDM to receive the redriven change request', () =>
      pdm.received.find((b) => b.includes('pdm:CP-8040:browser-test')),
    );
    expect(JSON.parse(delivered)).toMatchObject({ partNumber: 'CP-8040', reason: 'fieldIssues' });
    expect(hub.deadLetters.list({ origin: PDM_ORIGIN }).map((l) => l.id)).not.toContain(deadLetter.id);
    await page.context().close();
  }, 180_000);

  const api = () => hubApi(hub.info.apiUrl, consoleUrl, ['customers:read']);

  it('reaches each business view from the keyboard alone', async () => {
    const page = await signIn(browser, consoleUrl, 'admin', 'admin.ada');
    await page.goto(`${consoleUrl}#/business/segments`);
    await page.locator('[data-section="segments"]').waitFor();

    // Tab from the top of the page to the "Lifecycle" link of the business views and press Enter.
    // Evaluated in the page (a string, since this file is type-checked without the DOM library).
    const focused = () => page.evaluate<string | undefined>('document.activeElement?.textContent?.trim()');
    for (let presses = 0; presses < 20 && (await focused()) !== 'Lifecycle'; presses++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    await page.locator('[data-section="lifecycle"]').waitFor();
    await expect(
      page
        .getByRole('navigation', { name: 'Business views' })
        .getByRole('link', { name: 'Lifecycle' })
        .getAttribute('aria-current'),
    ).resolves.toBe('page');
    await page.context().close();
  });

  it.runIf(!offers('GET', '/segments'))(
    'says plainly that this hub offers no segments instead of showing figures',
    async () => {
      const page = await signIn(browser, consoleUrl, 'admin', 'admin.ada');

      await page.getByRole('link', { name: 'Business' }).click();
      const missing = page.locator('[data-panel="segments"] [data-missing="404"]');
      await missing.waitFor();

      await expect(missing.textContent()).resolves.toContain('does not offer segments');
      await page.context().close();
    },
  );

  it.runIf(offers('GET', '/segments') && offers('GET', '/segments/{segment}/customers'))(
    'shows the segments with their sizes from the API and opens a member in the agent view',
    async () => {
      const segments = await waitFor(
        'the insights to put a customer in a lifecycle segment',
        async () => {
          const list = await (await api()).get<SegmentList>('/segments');
          return list.segments.find((s) => s.kind === 'lifecycle' && s.size > 0);
        },
        { timeoutMs: 120_000, intervalMs: 2_000 },
      );
      const page = await signIn(browser, consoleUrl, 'admin', 'admin.ada');

      await page.getByRole('link', { name: 'Business' }).click();
      const row = page.locator(`tr[data-segment="${segments.segment}"]`);
      await row.waitFor();
      await expect(row.locator('td.num').textContent()).resolves.toMatch(/^\d+$/);
      await row.getByRole('link').click();
      const member = page.locator('[data-panel="segment-members"] li[data-member]').first();
      await member.waitFor();
      await screenshot(page, 'business-segments');
      const memberId = await member.getAttribute('data-member');
      await member.getByRole('link').first().click();

      // The first sync may still be merging: a member merged into another customer since the list was read opens
      // as the customer it joined (the console follows a merged-away id to its survivor, as the API redirects it).
      const article = page.locator('article.customer');
      await article.waitFor();
      const opened = await (await api()).get<{ customerId: string }>(`/customers/${memberId}`);
      expect(await article.getAttribute('data-customer')).toBe(opened.customerId);
      expect(page.url()).toContain(`#/agent/${memberId}`);
      await page.context().close();
    },
    180_000,
  );

  it.runIf(offers('GET', '/segments'))(
    'charts the lifecycle distribution from the segment sizes and says that no history is shown',
    async () => {
      const page = await signIn(browser, consoleUrl, 'admin', 'admin.ada');

      await page.goto(`${consoleUrl}#/business/lifecycle`);
      await page.locator('[data-chart="lifecycle"] canvas[data-drawn="true"]').waitFor();

      await expect(page.locator('[data-note="no-history"]').isVisible()).resolves.toBe(true);
      await expect(page.locator('[data-chart="lifecycle"] tbody tr').count()).resolves.toBeGreaterThan(0);
      await screenshot(page, 'business-lifecycle');
      await page.context().close();
    },
  );

  it.runIf(offers('GET', '/reactions') && offers('GET', '/reactions/outcomes'))(
    'shows what each system received with per-rule outcomes and follows a reaction to its customer',
    async () => {
      const reaction = await waitFor(
        'a rule to send a reaction about a customer',
        async () => {
          const feed = await (await api()).get<ReactionFeedPage>('/reactions?limit=100');
          return feed.items.find((r) => r.customerId);
        },
        { timeoutMs: 180_000, intervalMs: 2_000 },
      );
      const page = await signIn(browser, consoleUrl, 'admin', 'admin.ada');

      await page.goto(`${consoleUrl}#/business/reactions`);
      await page.locator('[data-panel="rule-outcomes"] tr[data-rule]').first().waitFor();
      const row = page.locator(`tr[data-reaction="${reaction.reactionId}"]`);
      await row.waitFor();
      await expect(row.textContent()).resolves.toContain(reaction.summary);
      await screenshot(page, 'business-reactions');
      await row.locator('a[data-follow="customer"]').click();

      const opened = page.locator('article[data-customer]');
      await opened.waitFor();
      // The reaction may name a customer that was merged since; the API redirects to the survivor.
      await expect(opened.getAttribute('data-customer')).resolves.toMatch(/^\S+$/);
      expect(page.url()).toContain('#/agent/');
      await page.locator('[data-panel="talking-points"]').waitFor();
      await page.context().close();
    },
    240_000,
  );
});

describeDemandView(() => ({ hub, browser, consoleUrl }));
