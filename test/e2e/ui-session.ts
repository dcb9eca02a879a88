import { expect } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { SystemInfo } from '../../src-main/api/contract';
import { EngineProcess } from '../fixtures/engine-process';
import { launchChromium, openSignedInPage, type SignedInPage } from './chromium';

interface EngineAndBrowserOptions {
  /** Fails at once, with the engine's reason, when the engine has no FFmpeg. */
  needsFfmpeg?: boolean;
  /** Previews play without a click, with sound, as they do after an operator's click. */
  autoplay?: boolean;
  /** Runs once the engine is up, before the browser starts: data to find on the page, settings. */
  prepare?(engine: EngineProcess): Promise<void>;
}

export interface EngineAndBrowser {
  engine: EngineProcess;
  browser: Browser;
}

/** A fresh headless engine (`npm run build` first) and Chromium; `endUiSession` stops both. */
export async function startEngineAndBrowser(options: EngineAndBrowserOptions = {}): Promise<EngineAndBrowser> {
  const engine = await EngineProcess.start();
  let browser: Browser | undefined;
  try {
    if (options.needsFfmpeg) {
      const info = await engine.call<SystemInfo>('system.info');
      if (!info.ffmpeg) throw new Error(`These tests need FFmpeg: ${info.ffmpegError}`);
    }
    await options.prepare?.(engine);
    browser = await launchChromium(options.autoplay ? ['--autoplay-policy=no-user-gesture-required'] : []);
    return { engine, browser };
  } catch (error) {
    // Nothing is assigned in the test yet: its afterAll could not stop these.
    await endUiSession(browser, engine);
    throw error;
  }
}

interface UiSessionOptions extends EngineAndBrowserOptions {
  /** The navigation entry to open, e.g. `cameras`. */
  navigateTo: string;
  viewport: { width: number; height: number };
  timeoutMs: number;
  /** Granted to the engine's origin before the page opens, e.g. `clipboard-read`. */
  permissions?: string[];
}

export interface UiSession extends EngineAndBrowser, SignedInPage {
  context: BrowserContext;
}

/** An engine, Chromium and a page signed in to the engine's UI, connected, on one page of the navigation. */
export async function startUiSession(options: UiSessionOptions): Promise<UiSession> {
  const { engine, browser } = await startEngineAndBrowser(options);
  try {
    const context = await browser.newContext({ viewport: options.viewport });
    if (options.permissions) await context.grantPermissions(options.permissions, { origin: engine.baseUrl });
    const signedIn = await openSignedInPage(context, engine.uiUrlWithToken, { navigateTo: options.navigateTo, timeoutMs: options.timeoutMs });
    return { engine, browser, context, ...signedIn };
  } catch (error) {
    await endUiSession(browser, engine);
    throw error;
  }
}

/** Closes the browser, stops the engine (the one running now: tests restart it) and removes its data. */
export async function endUiSession(browser: Browser | undefined, engine: EngineProcess | undefined): Promise<void> {
  await browser?.close();
  await engine?.stop();
  await engine?.removeDataDir();
}

/** `expect.poll` every 250 ms, giving up after `timeoutMs` unless told otherwise: UI data arrives over time. */
export function pollerWithin(timeoutMs: number) {
  return <T>(read: () => T | Promise<T>, timeout = timeoutMs) => expect.poll(read, { timeout, interval: 250 });
}
