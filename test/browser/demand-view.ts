import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalHub } from '../../infra/local/runtime.ts';
import type { DemandPicture } from '../../schemas/api/demand.ts';
import type { ReactionFeedPage } from '../../schemas/api/reactions.ts';
import { waitFor } from '../support/wait-for.ts';
import { screenshot, signIn } from './support/console-page.ts';
import { hubApi } from './support/hub-api.ts';

/** The part docs/api.md uses in its curl example: the first size of the first family, at every scale. */
const DOCUMENTED_PART = 'CP-3216';
/** The sandbox catalogue at the `small` scale: two sizes of each family (sandbox/world/catalog.ts). */
const SANDBOX_PARTS = [
  'CP-3216',
  'CP-4020',
  'SP-0750',
  'SP-1500',
  'GM-0071',
  'GM-0090',
  'FI-0040',
  'FI-0075',
  'MS-0032',
  'MS-0040',
  'CPL-0024',
  'CPL-0038',
  'PT-0010',
  'PT-0016',
];

/** What the demand view needs from the browser tests' shared hub (started in console.test.ts). */
export interface DemandViewContext {
  readonly hub: LocalHub;
  readonly browser: Browser;
  readonly consoleUrl: string;
}

/**
 * The demand view's tests, on the hub the console tests started (one hub start and first sync for both).
 * They wait for a live demand signal, so they run after the console's own tests.
 */
export const describeDemandView = (context: () => DemandViewContext) =>
  describe('demand view in a real Chromium against the local hub with its sandbox systems', () => {
    let hub: LocalHub;
    let browser: Browser;
    let consoleUrl: string;
    /** A part ERP received a demand signal for, and its picture as the API gives it. */
    let part: { partNumber: string; picture: DemandPicture; signalled: boolean };
    let token: string | undefined;
    const readToken = async () => {
      if (token) return token;
      const minted = await fetch(`${consoleUrl}dev-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scopes: ['customers:read'], subject: 'browser-test' }),
      });
      token = ((await minted.json()) as { token: string }).token;
      return token;
    };

    const api = () => hubApi(hub.info.apiUrl, consoleUrl, ['customers:read']);

    beforeAll(async () => {
      ({ hub, browser, consoleUrl } = context());
      // The initial load is history and raises nothing; a live order may then short a part and ERP gets a
      // signal. A part with a signal is preferred; after a while any sandbox part with open demand will do.
      const started = Date.now();
      part = await waitFor(
        'a sandbox part with demand above zero (preferably one ERP received a demand signal for)',
        async () => {
          const client = await api();
          const feed = await client.get<ReactionFeedPage>('/reactions?system=erp&limit=100');
          const signalled = feed.items.flatMap((r) =>
            r.kind === 'demandSignal' && r.partNumber ? [r.partNumber] : [],
          );
          const candidates = Date.now() - started > 15_000 ? [...signalled, ...SANDBOX_PARTS] : signalled;
          for (const partNumber of new Set(candidates)) {
            const answer = await fetch(`${hub.info.apiUrl}/products/${partNumber}/demand`, {
              headers: { authorization: `Bearer ${await readToken()}` },
            });
            if (answer.status === 404) continue;
            const picture = (await answer.json()) as DemandPicture;
            if (picture.totals.total > 0)
              return { partNumber, picture, signalled: signalled.includes(partNumber) };
          }
          return undefined;
        },
        { timeoutMs: 360_000, intervalMs: 3_000 },
      );
      console.info(
        `demand view test uses ${part.partNumber}: ${part.picture.days.length} day(s) of demand, ` +
          `${part.picture.signalHistory.length} signal revision(s), ${part.signalled ? 'from the ERP signals' : 'typed'}`,
      );
    }, 480_000);

    it('answers the demand of the part docs/api.md names, from the sandbox data', async () => {
      // The first syncs are still running: wait until the documented part's orders or stock have arrived.
      const client = await api();
      // The part is known as soon as one order line names it; its open days or its stock (SCM syncs on its
      // own schedule) may follow later, so wait for the figures, not only for the 200.
      const picture = await waitFor(
        `the demand of ${DOCUMENTED_PART} with open days or stock`,
        async () => {
          const answer = await client.get<DemandPicture>(`/products/${DOCUMENTED_PART}/demand`);
          return answer && answer.days.length + answer.stock.sites > 0 ? answer : undefined;
        },
        { timeoutMs: 300_000, intervalMs: 2_000 },
      );

      // A 200 with the figures: the hub knows the part (its orders or stock), so the curl example answers.
      expect(picture.partNumber).toBe(DOCUMENTED_PART);
      expect(picture.days.length + picture.stock.sites).toBeGreaterThan(0);
    }, 320_000);

    it('opens a sandbox part and shows its demand chart, stock, signal and signals over time', async () => {
      const page = await signIn(browser, consoleUrl, 'admin', 'admin.ada');

      await page.goto(`${consoleUrl}#/business/demand`);
      if (part.signalled) {
        // Chosen the way a planner would: from the parts ERP received signals for.
        const listed = page.locator(`.parts-with-signals li[data-part="${part.partNumber}"]`);
        await listed.getByRole('link', { name: part.partNumber }).click();
      } else {
        await page.getByLabel('Part number').fill(part.partNumber);
        await page.getByRole('button', { name: 'Show demand' }).click();
      }
      const demand = page.locator('[data-panel="demand"]');
      await demand.locator('[data-chart="demand"] canvas[data-drawn="true"]').waitFor();

      expect(page.url()).toContain(`#/business/demand/${encodeURIComponent(part.partNumber)}`);
      await expect(demand.locator('[data-field="stock"]').textContent()).resolves.toMatch(
        /[\d.,]+ available \([\d.,]+ on hand \+ [\d.,]+ inbound − [\d.,]+ allocated, \d+ sites?\)/,
      );
      await expect(demand.locator('[data-field="signal"]').textContent()).resolves.toMatch(
        /open .* short, needed by|withdrawn|none raised/,
      );
      await expect(demand.locator('[data-field="totals"]').textContent()).resolves.toMatch(
        /units: [\d.,]+ ordered/,
      );
      await expect(demand.locator('[data-chart="demand"] tbody tr').count()).resolves.toBeGreaterThan(0);
      const history = demand.locator('.signal-history');
      if (part.picture.signalHistory.length > 0) {
        await history.locator('[data-chart="signal-history"] canvas[data-drawn="true"]').waitFor();
        await expect(history.locator('tbody tr').count()).resolves.toBeGreaterThanOrEqual(1);
      } else {
        await expect(history.textContent()).resolves.toContain('No demand signal has been raised');
      }
      await screenshot(page, 'business-demand');
      await page.context().close();
    });

    it('opens the demand of a part typed into the search, and names an unknown part as such', async () => {
      const page = await signIn(browser, consoleUrl, 'admin', 'admin.ada');
      await page.goto(`${consoleUrl}#/business/demand`);

      await page.getByLabel('Part number').fill(DOCUMENTED_PART);
      await page.getByRole('button', { name: 'Show demand' }).click();
      await page.locator('[data-panel="demand"] [data-field="stock"]').waitFor();
      await page.getByLabel('Part number').fill('NO-SUCH-PART');
      await page.keyboard.press('Enter');
      const missing = page.locator('[data-panel="demand"] [data-missing="404"]');
      await missing.waitFor();

      await expect(missing.textContent()).resolves.toContain('NO-SUCH-PART');
      await page.context().close();
    });

    it('shows the figures of the chart as a table that opens from the keyboard', async () => {
      const page = await signIn(browser, consoleUrl, 'admin', 'admin.ada');
      await page.goto(`${consoleUrl}#/business/demand/${encodeURIComponent(part.partNumber)}`);
      const table = page.locator('[data-chart="demand"] .chart-data');
      await table.locator('summary').waitFor();

      await table.locator('summary').focus();
      await page.keyboard.press('Enter');

      await expect(table.getAttribute('open')).resolves.toBe('');
      await expect(table.locator('tbody tr').first().isVisible()).resolves.toBe(true);
      await page.context().close();
    });
  });
