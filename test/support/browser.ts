import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type axe from 'axe-core';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from './app.js';
import { signUpCustomer } from './actors.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where journeys leave screenshots of the main pages, to look at the design by eye. */
export const screenshotDir = '/tmp/imhost-shots';

/**
 * The server serves web/dist only if it exists when the app is built, so the dashboard is built
 * first when missing (scripts/test.sh builds it before the suite; this covers running one file).
 */
export async function ensureWebBuilt(): Promise<void> {
  if (existsSync(path.join(repoRoot, 'web/dist/index.html'))) return;
  const child = spawn('npm', ['run', 'build', '--workspace', 'web'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`building the dashboard failed (exit code ${code})`);
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Uncaught page exceptions and failed same-origin loads (a missing favicon, a broken asset). */
  problems: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Serves the app on a free loopback port and opens chromium on it. */
export async function browseApp(t: TestApp): Promise<Browser> {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as AddressInfo;
  return launchBrowser(`http://127.0.0.1:${port}`);
}

/** Debian's chromium with a new, empty profile; no browser is ever downloaded. */
export async function launchBrowser(baseUrl: string): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'imhost-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      baseURL: baseUrl,
      viewport: { width: 1280, height: 860 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    const url = new URL(response.url());
    // API answers such as 401 from /me while signed out are part of the flow; assets must all load.
    if (
      url.origin === new URL(baseUrl).origin &&
      !url.pathname.startsWith('/api/') &&
      response.status() >= 400
    ) {
      problems.push(`${response.status()} ${url.pathname}`);
    }
  });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    context,
    page,
    problems,
    async screenshot(name) {
      await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the element is shown (playwright-core has no `expect`; waiting is the assertion). */
export async function shown(locator: Locator): Promise<Locator> {
  await locator.waitFor({ state: 'visible' });
  return locator;
}

/** Waits until no element matches (for example a banner that must go away). */
export async function gone(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'detached' });
}

/** Asserts that the page is no wider than the screen: at phone width it scrolls only downwards. */
export async function assertFitsScreen(page: Page, what = 'the page'): Promise<void> {
  const overflow = Number(
    // A string: the test is type-checked without the DOM library.
    await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
  );
  assert.ok(overflow <= 0, `${what} is ${overflow}px wider than a ${page.viewportSize()?.width}px screen`);
}

/** The page's one <h1> with exactly this text. */
export function heading(page: Page, name: string): Locator {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

/**
 * axe-core, to run inside the page. The dashboard's CSP refuses inline scripts, so page.addScriptTag
 * cannot add it; evaluating it through the DevTools protocol is not subject to the page's CSP.
 */
const axeSource = readFileSync(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8');

export interface ContrastReport {
  /** Elements whose text axe measured and found readable. */
  passed: number;
  /** Text too faint for WCAG AA, or whose contrast axe could not tell (which hides as much). */
  problems: string[];
}

/** WCAG AA colour contrast (axe-core's `color-contrast` rule) of the text in the elements matching `selector`. */
export async function contrastOf(page: Page, selector: string): Promise<ContrastReport> {
  if ((await page.locator(selector).count()) === 0) return { passed: 0, problems: [] };
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (selector) =>
      (globalThis as unknown as { axe: typeof axe }).axe.run(selector, {
        runOnly: { type: 'rule', values: ['color-contrast'] },
      }),
    selector,
  );
  const described = (verdict: string) => (node: axe.NodeResult) =>
    `${verdict} ${node.target.join(' ')}: ${node.failureSummary ?? node.any.map((check) => check.message).join('; ')}`;
  return {
    passed: results.passes.reduce((count, rule) => count + rule.nodes.length, 0),
    problems: [
      ...results.violations.flatMap((rule) => rule.nodes.map(described('too faint:'))),
      ...results.incomplete.flatMap((rule) => rule.nodes.map(described('undecided:'))),
    ],
  };
}

/**
 * Every axe-core rule for WCAG 2.1 A and AA on the elements matching `selector`: its violations,
 * described (empty when there are none).
 */
export async function accessibilityOf(page: Page, selector: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (selector) =>
      (globalThis as unknown as { axe: typeof axe }).axe.run(selector, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      }),
    selector,
  );
  return results.violations.flatMap((rule) =>
    rule.nodes.map((node) => `${rule.id} ${node.target.join(' ')}: ${node.failureSummary ?? rule.help}`),
  );
}

export interface NewAccount {
  name: string;
  organization: string;
  email: string;
  password: string;
}

/** Signs up through the dashboard's form; the new owner lands on the host list. */
export async function signUp(page: Page, account: NewAccount): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(account.name);
  await page.getByLabel('Organisation').fill(account.organization);
  await page.getByLabel('Work email').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await shown(heading(page, 'IM hosts'));
}

/** Fills in and sends the sign-in form already on screen (what follows depends on the account). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in from /login and waits for the first page: the host list, or `landing` (staff: "Customers"). */
export async function signIn(
  page: Page,
  email: string,
  password: string,
  landing = 'IM hosts',
): Promise<void> {
  await page.goto('/login');
  await submitSignIn(page, email, password);
  await shown(heading(page, landing));
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await shown(heading(page, 'Sign in'));
}

/**
 * A customer with one host, made through the API as the dashboard would: journeys that need data,
 * not clicks, start here. `post` writes more as that customer (an API path such as `/hosts`) and
 * expects 201.
 */
export async function customerWithHost(
  t: TestApp,
  account: { email: string; password: string; organization: string; domain: string; name?: string },
) {
  const owner = await signUpCustomer(t, { name: 'Owner', ...account });
  const post = async (url: string, payload: object) => {
    const response = await owner.post(url, payload);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: string; customerId: string }>();
  };
  const host = await post('/hosts', { domain: account.domain });
  return { customerId: host.customerId, hostId: host.id, post };
}

export interface Dashboard {
  t: TestApp;
  browser: Browser;
}

/**
 * Registers the suite's hooks that start the product on SQLite with the built dashboard, open
 * chromium on it (`prepare` runs in between), hand both to `use`, and close them after the suite.
 */
export function openDashboard(
  options: { env?: Record<string, string>; prepare?(t: TestApp): Promise<void> },
  use: (dashboard: Dashboard) => void,
): void {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  before(async () => {
    await ensureWebBuilt();
    t = await startTestApp('sqlite', options.env);
    await options.prepare?.(t);
    browser = await browseApp(t);
    use({ t, browser });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });
}
