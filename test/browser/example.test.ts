import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ExampleServer, serveExample } from '../../examples/web/serve';
import { type Stack, startStack, until } from '../utils/stack';
import {
  HAS_CHROMIUM,
  launchChromium,
  type Recorded,
  recordedContext,
  reportMissingChromium,
} from './chromium';

reportMissingChromium('test/browser/example.test.ts');

/** Clicks through examples/web, served on its own port, against the real gateway and simulator. */
describe.skipIf(!HAS_CHROMIUM)('example page in headless Chromium', () => {
  let stack: Stack;
  let example: ExampleServer;
  let browser: Browser;
  let context: BrowserContext;
  let recorded: Recorded;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    example = await serveExample();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await example?.close();
    await stack?.stop();
  });

  beforeEach(async () => {
    stack.sim.reset();
    stack.sim.setLongPoll(400);
    stack.sim.setListingDelay(20);
    ({ context, recorded } = await recordedContext(browser));
    page = await context.newPage();
    await page.goto(example.pageUrl(stack.gateway.url));
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  });

  afterEach(async () => {
    await context?.close();
  });

  const loginForm = () => page.locator('#login-form');
  const s3State = () => page.locator('#s3-state');
  const nfsState = () => page.locator('#nfs-state');
  const texts = (selector: string) => page.locator(selector).allTextContents();

  /** Logs in with the prefilled demo user and waits for the accounts. */
  async function logIn(): Promise<void> {
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#accounts-state[data-state="ready"]').waitFor({ state: 'attached' });
  }

  async function chooseBroker(name: string): Promise<void> {
    await page.getByRole('button', { name, exact: true }).click();
    await expect.poll(() => page.locator('#broker-title').textContent()).toBe(name);
  }

  it('logs in, lists accounts and brokers, and shows the S3 buckets arriving live', async () => {
    expect(await loginForm().locator('input[name="username"]').inputValue()).toBe(
      'demo@example.com',
    );
    expect(await loginForm().locator('input[name="password"]').inputValue()).toBe('demo');
    await logIn();

    // The demo user's two accounts, each with its brokers, status and group.
    expect(await texts('.account h3')).toEqual([
      expect.stringContaining('Test'),
      expect.stringContaining('Production'),
    ]);
    const test = page.locator('.account', { hasText: 'Test' });
    expect(await test.locator('tbody tr').count()).toBe(6);
    const failed = test.locator('tr', { hasText: 'aws-oregon-2' });
    expect(await failed.locator('.badge').textContent()).toBe('failed');
    expect(await failed.locator('td').nth(1).textContent()).toBe('AWS');
    expect(await page.locator('.account', { hasText: 'Production' }).textContent()).toContain(
      'prod-aws-1',
    );

    // An AWS broker; its listing is held upstream, so the pending state must show first.
    await chooseBroker('aws-oregon-1');
    stack.sim.holdListings();
    await page.getByRole('button', { name: 'List S3 buckets' }).click();
    await page.locator('#s3-state[data-state="pending"]').waitFor();
    expect(await s3State().textContent()).toContain('Waiting for the data broker');
    await until(() => stack.sim.heldListingCount() === 1, 5_000, 'the held listing');
    expect(await page.locator('#s3-items li').count()).toBe(0);

    stack.sim.releaseListings();
    await page.locator('#s3-state[data-state="ready"]').waitFor();
    expect(await s3State().textContent()).toContain('5 buckets');
    expect(await texts('#s3-items li strong')).toEqual([
      'small',
      'logs-archive',
      'ml-datasets',
      'backup-eu',
      'public-assets',
    ]);
    const small = await page.locator('#s3-items li', { hasText: 'small' }).textContent();
    expect(small).toContain('US West (Oregon)');
    expect(small).toContain('price=100$');

    // Cross-origin to the gateway, live through graphql-ws, and never off loopback.
    const gateway = new URL(stack.gateway.url);
    expect(new URL(page.url()).host).not.toBe(gateway.host);
    expect(recorded.urls).toContain(`ws://${gateway.host}/graphql`);
    expect(stack.sim.listCallCount('list-s3-buckets')).toBe(1);
    expect(recorded.offLoopback).toEqual([]);
    expect(recorded.pageErrors).toEqual([]);
  });

  it('keeps every action that needs a broker disabled until one is chosen', async () => {
    const actions = ['#s3-start', '#nfs-start', '#nfs-form input[name="host"]'];
    const disabled = () => Promise.all(actions.map((a) => page.locator(a).isDisabled()));
    expect(await disabled()).toEqual([true, true, true]);
    await logIn();
    expect(await disabled()).toEqual([true, true, true]);
    await chooseBroker('aws-oregon-1');
    expect(await disabled()).toEqual([false, false, false]);
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn();
    expect(await disabled()).toEqual([true, true, true]);
    expect(stack.sim.listCallCount()).toBe(0);
  });

  it('lists the NFS exports of the default host, and shows a broker failure with its code', async () => {
    await logIn();
    await chooseBroker('dc1-broker-1');
    expect(await page.locator('#nfs-form input[name="host"]').inputValue()).toBe('10.0.0.5');
    await page.getByRole('button', { name: 'List NFS exports' }).click();
    await page.locator('#nfs-state[data-state="ready"]').waitFor();
    expect(await texts('#nfs-items li')).toEqual(['/vol1', '/vol2']);

    await page.locator('#nfs-form input[name="host"]').fill('10.9.9.9');
    await page.getByRole('button', { name: 'List NFS exports again' }).click();
    await page.locator('#nfs-state[data-state="failed"]').waitFor();
    const failure = await nfsState().textContent();
    expect(failure).toContain('mount: 10.9.9.9: connection timed out');
    expect(failure).toContain('host_unreachable');
    expect(await page.locator('#nfs-items li').count()).toBe(0);

    // A broker error on the S3 side: the broker's own code and message, not a generic failure.
    await chooseBroker('aws-oregon-1');
    stack.sim.failListings({ code: 'access_denied', message: 'AccessDenied: s3:ListAllMyBuckets' });
    await page.getByRole('button', { name: 'List S3 buckets' }).click();
    await page.locator('#s3-state[data-state="failed"]').waitFor();
    const s3Failure = await s3State().textContent();
    expect(s3Failure).toContain('AccessDenied: s3:ListAllMyBuckets');
    expect(s3Failure).toContain('access_denied');
    expect(recorded.offLoopback).toEqual([]);
  });

  it('leaving a pending listing (another broker) stops it quietly, and the next one works', async () => {
    const completesSent: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framesent', (frame) => {
        const message = JSON.parse(String(frame.payload)) as { type: string; id?: string };
        if (message.type === 'complete') completesSent.push(message.id ?? '');
      }),
    );
    await logIn();
    await chooseBroker('aws-oregon-1');
    stack.sim.holdListings();
    await page.getByRole('button', { name: 'List S3 buckets' }).click();
    await page.locator('#s3-state[data-state="pending"]').waitFor();

    await chooseBroker('prod-aws-1');
    await until(() => completesSent.length === 1, 5_000, 'the complete message');
    // The stopped subscription's own end must not leak into the new broker's panel.
    await page.waitForTimeout(200);
    expect(await s3State().getAttribute('data-state')).toBe('idle');
    expect(await s3State().textContent()).toBe('');

    stack.sim.releaseListings();
    await page.getByRole('button', { name: 'List S3 buckets' }).click();
    await page.locator('#s3-state[data-state="ready"]').waitFor();
    expect(await texts('#s3-items li strong')).toEqual(['prod-data', 'prod-backups', 'prod-logs']);
  });

  it('refused credentials: a wrong password is explained, a dead token leads back to login', async () => {
    await loginForm().locator('input[name="password"]').fill('wrong');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#login-error').waitFor();
    expect(await page.locator('#login-error').textContent()).toContain('Wrong email or password');
    expect(await page.locator('#app-view').isHidden()).toBe(true);

    await loginForm().locator('input[name="password"]').fill('demo');
    await logIn();
    const token = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((name) =>
        name.startsWith('cloudsync-graphql-example:'),
      );
      return key
        ? (JSON.parse(sessionStorage.getItem(key) ?? '{}') as { token?: string }).token
        : '';
    });
    expect(token).toBeTruthy();
    stack.sim.expireToken(token!);

    await chooseBroker('aws-oregon-1');
    await page.getByRole('button', { name: 'List S3 buckets' }).click();
    await loginForm().waitFor({ state: 'visible' });
    expect(await page.locator('#login-notice').textContent()).toContain('Please log in again');
    expect(await page.locator('#app-view').isHidden()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(recorded.offLoopback).toEqual([]);
  });

  it('a WebSocket the gateway refuses (no token in connection_init) also leads back to login', async () => {
    // Strip the token on its way to the gateway: the gateway must refuse, the page must not spin.
    const refused: string[] = [];
    await page.routeWebSocket(/\/graphql$/, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((message) => {
        const parsed = JSON.parse(String(message)) as { type: string; payload?: unknown };
        if (parsed.type === 'connection_init') parsed.payload = {};
        server.send(JSON.stringify(parsed));
      });
      server.onClose((code) => {
        refused.push(String(code));
        socket.close({ code });
      });
    });
    await page.reload();
    await logIn();
    await chooseBroker('aws-oregon-1');
    await page.getByRole('button', { name: 'List S3 buckets' }).click();
    await loginForm().waitFor({ state: 'visible' });
    expect(await page.locator('#login-notice').textContent()).toContain('Please log in again');
    // graphql-ws's close codes for a refused connection: 4403 Forbidden (onConnect said no) or 4401.
    expect(['4401', '4403']).toContain(refused[0]);
    expect(stack.sim.listCallCount()).toBe(0);
  });
});
