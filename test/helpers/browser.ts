/**
 * The consoles' end-to-end tests: a harness app listening on a real port, the built consoles, and
 * Debian's Chromium driven by playwright-core. Without a Chromium the browser tests skip, saying
 * why, so `npm test` still runs on a machine without one; CI installs it and sets
 * PONTE_REQUIRE_BROWSER=1, which makes a missing browser a failure instead.
 */
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../../scripts/chromium.ts';
import type { Config } from '../../src/config.ts';
import { ensureConsoleBuilt } from '../../src/wire/console/build.ts';
import { createHarness, type Harness } from './harness.ts';

/** `{ skip }` for node:test: false when a browser is here, else the reason (or a failure under PONTE_REQUIRE_BROWSER=1). */
export function browserSkip(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.PONTE_REQUIRE_BROWSER === '1') throw new Error(`PONTE_REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM}`);
  return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set PONTE_CHROMIUM)`;
}

export interface ConsoleBed {
  h: Harness;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser profile (own cookies and storage) at a laptop or phone width. */
  newContext(options?: { phone?: boolean; language?: string }): Promise<BrowserContext>;
  /** Collects the page's console errors and failed requests, so a test can assert there were none. */
  watch(page: Page): string[];
}

/**
 * Registers before/after hooks for one test file: builds the consoles if they are stale, starts the
 * app on 127.0.0.1 with the harness's pinned clocks, and launches the browser. The wall clock is set
 * to real time, so requests the browser signs with Date.now() are inside the signature window.
 */
export function consoleBed(overrides: Partial<Config> = {}, options: { catalogProducts?: number } = {}): () => ConsoleBed {
  let bed: ConsoleBed | undefined;
  before(async () => {
    if (browserSkip()) return;
    await ensureConsoleBuilt();
    const h = await createHarness(overrides, options);
    h.clock.set(Date.now());
    const baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await launchChromium();
    bed = {
      h,
      baseUrl,
      browser,
      newContext: ({ phone = false, language = 'en' } = {}) =>
        browser.newContext({
          baseURL: baseUrl,
          locale: language,
          viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 860 },
          ...(phone ? { isMobile: true, hasTouch: true } : {}),
        }),
      watch: (page) => {
        const problems: string[] = [];
        page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        return problems;
      },
    };
  });
  after(async () => {
    await bed?.browser.close();
    await bed?.h.close();
  });
  return () => {
    if (!bed) throw new Error('the console bed is not set up (no browser?)');
    return bed;
  };
}
