import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ExampleServer, serveExample } from '../../examples/web/serve';
import { SEED_IDS, SYNC_RUNNING_MESSAGE } from '../../src/simulator/index';
import { type Stack, startStack, until } from '../utils/stack';
import {
  HAS_CHROMIUM,
  launchChromium,
  type Recorded,
  recordedContext,
  reportMissingChromium,
} from './chromium';

reportMissingChromium('test/browser/dashboard.test.ts');

const TEST = SEED_IDS.accounts.test;

/** The example page's relationships dashboard, against the real gateway and simulator. */
describe.skipIf(!HAS_CHROMIUM)('relationships dashboard in headless Chromium', () => {
  let stack: Stack;
  let example: ExampleServer;
  let browser: Browser;
  let context: BrowserContext;
  let recorded: Recorded;
  let page: Page;

  beforeAll(async () => {
    // Progress polls every 100 ms (the demo's 2 s scaled down), so a run is watched in a second.
    stack = await startStack({ settings: { RELATIONSHIP_POLL_RUNNING_MS: '100' } });
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
    stack.sim.relationships.setKnobs({ tickMs: 150, steps: 8, startDelayMs: 100 });
    ({ context, recorded } = await recordedContext(browser));
    page = await context.newPage();
    await page.goto(example.pageUrl(stack.gateway.url));
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  });

  afterEach(async () => {
    await context?.close();
  });

  function seeded(name: string): string {
    const id = stack.sim.relationships.seededId(TEST, name);
    if (!id) throw new Error(`no seeded ${name}`);
    return id;
  }

  const row = (id: string) => page.locator(`tr[data-relationship-id="${id}"]`);
  const outcome = (id: string) => row(id).locator('.outcome');
  const syncPuts = (id: string) =>
    stack.sim.requests.filter(
      (r) => r.method === 'PUT' && r.path === `/api/relationships/${id}/sync`,
    );

  /** Logs in, opens the Test account's dashboard and waits for its six relationships. */
  async function openDashboard(): Promise<void> {
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#accounts-state[data-state="ready"]').waitFor({ state: 'attached' });
    await page
      .locator('.account', { hasText: 'Test' })
      .getByRole('button', { name: 'Sync relationships' })
      .click();
    await page.locator('#rel-state[data-state="ready"]').waitFor({ state: 'attached' });
    expect(await page.locator('#rel-rows tr').count()).toBe(6);
  }

  /** The status chips as the page shows them, against the gateway's own statusCounts. */
  async function expectChips(): Promise<void> {
    const res = await stack.gql<{
      account: { relationships: { statusCounts: { status: string; count: number }[] } };
    }>(
      'query($a: ID!) { account(id: $a) { relationships { statusCounts { status count } } } }',
      { a: TEST },
      stack.demoToken(),
    );
    const counts = res.data?.account.relationships.statusCounts ?? [];
    const chips = async () => {
      const texts = await page.locator('#rel-counts li[data-status]').allTextContents();
      const statuses = await page
        .locator('#rel-counts li[data-status]')
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.status));
      return statuses.map((status, index) => `${status} ${texts[index]?.split(' ')[0]}`).sort();
    };
    const wanted = counts.filter((c) => c.count > 0).map((c) => `${c.status} ${c.count}`);
    await expect.poll(chips).toEqual(wanted.sort());
  }

  it('syncs a DONE relationship from the page: the bar moves to DONE, a second sync is "already running"', async () => {
    await openDashboard();
    expect(await page.locator('#rel-counts li').first().textContent()).toBe('6 relationships');
    await expectChips();
    const id = seeded('projects-to-s3');
    expect(await row(id).getAttribute('data-status')).toBe('DONE');
    expect(await row(id).locator('.badge').textContent()).toBe('done');

    // The run starts and stays RUNNING (held) until the test lets it go.
    stack.sim.relationships.holdRun(id);
    await row(id).getByRole('button', { name: 'Sync now' }).click();
    await page.locator(`tr[data-relationship-id="${id}"][data-status="RUNNING"]`).waitFor();
    await expect.poll(() => outcome(id).textContent()).toContain('Sync running since');
    expect(await row(id).locator('.badge').textContent()).toBe('running');

    // Sync again while it runs: Cloud Sync says no, and the page says so in words.
    await row(id).getByRole('button', { name: 'Sync now' }).click();
    await page.locator(`tr[data-relationship-id="${id}"] .outcome[data-kind="refused"]`).waitFor();
    const refused = (await outcome(id).textContent()) ?? '';
    expect(refused).toContain('Already running');
    expect(refused).toContain(SYNC_RUNNING_MESSAGE);
    expect(await outcome(id).locator('code').textContent()).toBe('SYNC_ALREADY_RUNNING');
    expect(await row(id).getAttribute('data-status')).toBe('RUNNING');
    // DASHBOARD_SCREENSHOT=<file.png>: how the page looks here (for a person to judge).
    const screenshot = process.env.DASHBOARD_SCREENSHOT;
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

    // Let the run go: the bar passes through intermediate values and ends DONE at 100 %.
    const seen = new Set<number>();
    const bar = row(id).locator('[role="progressbar"]');
    stack.sim.relationships.releaseRun(id);
    await until(
      () => {
        void bar
          .getAttribute('aria-valuenow')
          .then((value) => seen.add(Number(value)))
          .catch(() => {});
        return seen.has(100);
      },
      10_000,
      'the bar at 100 %',
    );
    await page.locator(`tr[data-relationship-id="${id}"][data-status="DONE"]`).waitFor();
    expect([...seen].some((value) => value > 0 && value < 100)).toBe(true);
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    expect(await row(id).locator('.badge').textContent()).toBe('done');
    await expect.poll(() => outcome(id).textContent()).toContain('Sync finished');
    await expectChips();

    // One accepted sync and one refused: the page never retried.
    expect(syncPuts(id)).toHaveLength(2);
    expect(recorded.offLoopback).toEqual([]);
    expect(recorded.pageErrors).toEqual([]);
  });

  it('aborts a running relationship and says so; Abort is off for a row that does not run', async () => {
    await openDashboard();
    const running = seeded('grid-to-s3');
    const done = seeded('projects-to-s3');
    expect(await row(done).getByRole('button', { name: 'Abort' }).isDisabled()).toBe(true);
    expect(await row(running).getAttribute('data-status')).toBe('RUNNING');
    await row(running).getByRole('button', { name: 'Abort' }).click();
    await page.locator(`tr[data-relationship-id="${running}"][data-status="ABORTED"]`).waitFor();
    await expect.poll(() => outcome(running).textContent()).toContain('The sync was aborted');
    expect(await row(running).locator('.badge').textContent()).toBe('aborted');
    expect(await row(running).getByRole('button', { name: 'Abort' }).isDisabled()).toBe(true);
    await expectChips();
    expect(
      stack.sim.requests.filter(
        (r) => r.method === 'PUT' && r.path === `/api/relationships/${running}/abort`,
      ),
    ).toHaveLength(1);
    expect(recorded.pageErrors).toEqual([]);
  });

  it('panels the page hid stay hidden: no broker panel before a broker is chosen, none after Close', async () => {
    await openDashboard();
    expect(await page.locator('#broker-panel').isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Close' }).click();
    expect(await page.locator('#rel-panel').isHidden()).toBe(true);
  });
});
