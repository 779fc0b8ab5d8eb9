import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildWeb, ROOT } from '../../../scripts/build-web';
import { startApiContext, type ApiContext } from '../../support/context';

/** Debian's Chromium, never a downloaded browser (CI installs it with apt-get). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1440, height: 900 };
export const WALL = { width: 1920, height: 1080 };

/** The tags of WCAG 2.2 AA, as axe-core names them. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface WebContext {
  api: ApiContext;
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

/**
 * The web app built into a folder of this file's own, the api (serving it) and the worker on
 * this file's own database and Redis prefix, and headless Chromium.
 */
export async function startWebContext(): Promise<WebContext> {
  const webRoot = mkdtempSync(join(tmpdir(), 'front-door-web-'));
  await buildWeb(webRoot);
  const api = await startApiContext({ worker: true, webRoot });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // As root, without a GPU, and quiet on a machine with no network but loopback.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    await api.close();
    rmSync(webRoot, { recursive: true, force: true });
    throw error;
  }
  return {
    api,
    browser,
    url: api.api.url,
    async close() {
      await browser.close();
      await api.close();
      rmSync(webRoot, { recursive: true, force: true });
    },
  };
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  /** Script errors and Content-Security-Policy refusals seen so far. */
  problems: string[];
}

/** A new browser context and page that records script errors and CSP violations. */
export async function openPage(
  web: WebContext,
  viewport: { width: number; height: number },
): Promise<Watched> {
  const context = await web.browser.newContext({ viewport, baseURL: web.url, locale: 'en-GB' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) {
      problems.push(`CSP: ${message.text()}`);
    }
  });
  return { page, context, problems };
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core in the page against WCAG 2.2 AA. axe is evaluated through the DevTools
 * protocol, not added as a script tag, so the page's CSP stays as strict as in production.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_22_AA)} } })
       .then((result) => result.violations)`,
  );
  return (violations as AxeViolation[]).map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} at ${violation.nodes
        .map((node) => node.target.join(' '))
        .join(', ')}`,
  );
}

/**
 * A screenshot of a page for the docs: always under .ci/out/screenshots, and into
 * docs/screenshots when UPDATE_SCREENSHOTS=1.
 */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  const folders = [join(ROOT, '.ci', 'out', 'screenshots')];
  if (process.env.UPDATE_SCREENSHOTS === '1') folders.push(join(ROOT, 'docs', 'screenshots'));
  for (const folder of folders) {
    mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: join(folder, `${name}.png`), fullPage });
  }
}

/** Signs in through the sign-in page as one of the people in seeds/users.yaml. */
export async function signInAs(page: Page, name: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel(name, { exact: true }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}
