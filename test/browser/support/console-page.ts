import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

/** Screenshots the README shows; written by the browser tests on every run. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../docs/console/', import.meta.url));

export type Role = 'agent' | 'supervisor' | 'manager' | 'operator' | 'admin';

/** Opens the console in a fresh browser context (its own session storage) and signs in with a role. */
export const signIn = async (
  browser: Browser,
  consoleUrl: string,
  role: Role,
  name: string,
): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(consoleUrl);
  await page.getByRole('radio', { name: new RegExp(`^${roleLabel[role]}`) }).check();
  await page.getByLabel(/Your name/).fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Views', exact: true }).waitFor();
  return page;
};

const roleLabel: Record<Role, string> = {
  agent: 'Call-center agent',
  supervisor: 'Supervisor',
  manager: 'Sales or service manager',
  operator: 'IT operator',
  admin: 'Administrator',
};

export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
};
