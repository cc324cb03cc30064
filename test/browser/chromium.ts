import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/**
 * Debian's chromium, driven by playwright-core: nothing is ever downloaded. CHROMIUM_PATH points
 * elsewhere (or at a missing path, to see the tests skip).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);

/** Says once per file why its browser tests are skipped. */
export function reportMissingChromium(file: string): void {
  if (HAS_CHROMIUM) return;
  console.warn(
    `${file}: browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH} ` +
      '(install it with `apt-get install chromium`, or set CHROMIUM_PATH)',
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    timeout: 20_000,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** The gateway, the simulator and the example server all listen here. */
const LOOPBACK = '127.0.0.1';

export interface Recorded {
  /** Every http(s) and ws(s) URL the pages of the context asked for. */
  urls: string[];
  /** Those not on 127.0.0.1: they were aborted, and a test asserts there are none. */
  offLoopback: string[];
  /** Uncaught exceptions and console errors of the pages. */
  pageErrors: string[];
}

const isLoopback = (url: string): boolean => {
  const { protocol, hostname } = new URL(url);
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(protocol)) return true; // blob:, data:, about:
  return hostname === LOOPBACK;
};

/**
 * A fresh context whose every request is recorded, and stopped unless it goes to 127.0.0.1, so a
 * page that wants a CDN fails here even on a machine with internet access.
 */
export async function recordedContext(browser: Browser): Promise<{
  context: BrowserContext;
  recorded: Recorded;
}> {
  const context = await browser.newContext();
  // GraphiQL's page is 9 MB of inlined assets: on a busy 2-core machine its load alone takes seconds.
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(25_000);
  const recorded: Recorded = { urls: [], offLoopback: [], pageErrors: [] };
  const note = (url: string) => {
    recorded.urls.push(url);
    if (!isLoopback(url)) recorded.offLoopback.push(url);
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    return isLoopback(url) ? route.continue() : route.abort('blockedbyclient');
  });
  context.on('request', (request) => note(request.url()));
  context.on('page', (page) => {
    page.on('websocket', (socket) => note(socket.url()));
    page.on('pageerror', (error) => recorded.pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') recorded.pageErrors.push(message.text());
    });
  });
  return { context, recorded };
}
