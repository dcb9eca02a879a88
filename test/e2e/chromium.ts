import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../fixtures/engine-process';

/** Debian's Chromium: `npx playwright install` cannot download browsers on our machines. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results');

/** `extraArgs` add to the usual flags (e.g. `--autoplay-policy=no-user-gesture-required`). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/** Saves `test-results/<name>.png` (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Collects what would otherwise only show in DevTools: uncaught errors and CSP violations. */
export function watchPageProblems(page: Page): { errors: string[]; cspViolations: string[] } {
  const problems = { errors: [] as string[], cspViolations: [] as string[] };
  page.on('pageerror', (error) => problems.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
      problems.cspViolations.push(message.text());
    }
  });
  return problems;
}

export interface SignedInPage {
  page: Page;
  problems: ReturnType<typeof watchPageProblems>;
}

/**
 * A new page signed in to the engine's UI (the token in the fragment, as `npm run serve` prints
 * it), connected, on the given page of the navigation.
 */
export async function openSignedInPage(
  context: BrowserContext,
  uiUrlWithToken: string,
  options: { navigateTo?: string; timeoutMs?: number } = {},
): Promise<SignedInPage> {
  const page = await context.newPage();
  page.setDefaultTimeout(options.timeoutMs ?? 20_000);
  const problems = watchPageProblems(page);
  await page.goto(uiUrlWithToken);
  await page.waitForSelector('[data-testid="status-connection"][data-state="connected"]');
  if (options.navigateTo) await page.getByTestId(`nav-${options.navigateTo}`).click();
  return { page, problems };
}
