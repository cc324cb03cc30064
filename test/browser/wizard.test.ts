import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ExampleServer, serveExample } from '../../examples/web/serve';
import { SEED_IDS } from '../../src/simulator/index';
import { STORAGE_WORLD } from '../../src/simulator/storage-world';
import { type Stack, startStack } from '../utils/stack';
import {
  HAS_CHROMIUM,
  launchChromium,
  type Recorded,
  recordedContext,
  reportMissingChromium,
} from './chromium';

reportMissingChromium('test/browser/wizard.test.ts');

const TEST = SEED_IDS.accounts.test;
const CIFS = STORAGE_WORLD.cifsServers[0];
const AZURE = STORAGE_WORLD.azureAccounts[0];
if (!CIFS || !AZURE) throw new Error('the storage world has no CIFS server or Azure account');

type Json = Record<string, unknown>;

/** Every place `secret` sits in `value`, as paths ("a.b.0"): whole values only. */
function placesOf(value: unknown, secret: string, at: string[] = []): string[] {
  if (value === secret) return [at.join('.')];
  if (value && typeof value === 'object') {
    return Object.entries(value as Json).flatMap(([key, child]) =>
      placesOf(child, secret, [...at, key]),
    );
  }
  return [];
}

const occurrences = (text: string, secret: string): number => text.split(secret).length - 1;

/** The "create a relationship" wizard of the example page, against the real gateway and simulator. */
describe.skipIf(!HAS_CHROMIUM)('create-a-relationship wizard in headless Chromium', () => {
  let stack: Stack;
  let example: ExampleServer;
  let browser: Browser;
  let context: BrowserContext;
  let recorded: Recorded;
  let page: Page;
  /** What the page received from the gateway (HTTP bodies, WebSocket frames), and what it sent. */
  let received: Promise<string>[];
  let sent: string[];

  beforeAll(async () => {
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
    stack.sim.relationships.setKnobs({ tickMs: 100, steps: 5, startDelayMs: 100 });
    ({ context, recorded } = await recordedContext(browser));
    page = await context.newPage();
    received = [];
    sent = [];
    page.on('response', (response) => {
      if (response.url().startsWith(stack.gateway.url)) {
        received.push(response.text().catch(() => ''));
      }
    });
    page.on('request', (request) => {
      const body = request.postData();
      if (body && request.url().startsWith(stack.gateway.url)) sent.push(body);
    });
    page.on('websocket', (socket) => {
      socket.on('framereceived', (frame) => received.push(Promise.resolve(String(frame.payload))));
      socket.on('framesent', (frame) => sent.push(String(frame.payload)));
    });
    await page.goto(example.pageUrl(stack.gateway.url));
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  });

  afterEach(async () => {
    await context?.close();
  });

  const side = (name: 'source' | 'target') => page.locator(`#wizard-${name}`);
  const field = (name: 'source' | 'target', path: string) =>
    page.locator(`#wizard-${name} [data-field="${path}"]`);
  const listCalls = () =>
    stack
      .apiRequests()
      .filter((r) => r.path.includes('/list-'))
      .map((r) => r.url);
  const creates = () =>
    stack.apiRequests().filter((r) => r.method === 'POST' && r.path === '/api/relationships-v2');

  async function openWizard(groupId: string): Promise<void> {
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#accounts-state[data-state="ready"]').waitFor({ state: 'attached' });
    await page
      .locator('.account', { hasText: 'Test' })
      .getByRole('button', { name: 'New relationship' })
      .click();
    await page.locator('#wizard-group option').first().waitFor({ state: 'attached' });
    await page.locator('#wizard-group').selectOption(groupId);
  }

  /** Clicks an item of a side's listing once it is there, then waits for the next listing. */
  async function pick(name: 'source' | 'target', item: string, then: string): Promise<void> {
    await side(name).locator(`.browse-items button[data-browse="${item}"]`).click();
    await side(name).locator(`.browse .state[data-state="ready"]`, { hasText: then }).waitFor();
  }

  /** WIZARD_SCREENSHOT=<file.png>: how the page looks at a step (for a person to judge). */
  async function shoot(suffix: string): Promise<void> {
    const file = process.env.WIZARD_SCREENSHOT;
    if (file)
      await page.screenshot({ path: file.replace(/\.png$/, `${suffix}.png`), fullPage: true });
  }

  /** Creates, then waits for the new row of the dashboard to finish its initial copy. */
  async function createAndWatch(): Promise<string> {
    await page.getByRole('button', { name: 'Create relationship' }).click();
    const row = page.locator('#rel-rows tr.new');
    await row.waitFor();
    const id = (await row.getAttribute('data-relationship-id')) ?? '';
    await page.locator(`tr[data-relationship-id="${id}"][data-status="DONE"]`).waitFor();
    await expect
      .poll(() => row.locator('.outcome').textContent())
      .toContain('Initial copy finished');
    expect(await row.locator('.bar').getAttribute('aria-valuenow')).toBe('100');
    return id;
  }

  it('creates NFS → S3 from the page: browse the export, browse the bucket, create, watch DONE', async () => {
    const group = SEED_IDS.groups.aws;
    await openWizard(group);
    await field('source', 'host').fill('10.0.0.5');
    await side('source').getByRole('button', { name: 'Browse exports' }).click();
    await pick('source', '/vol1', '/vol1 on');
    await pick('source', 'projects', '/vol1/projects on');
    await pick('source', 'alpha', '/vol1/projects/alpha on');
    expect(await side('source').locator('.chosen').textContent()).toBe(
      'Chosen: nfs://10.0.0.5:/vol1/projects/alpha',
    );

    await side('target').getByRole('button', { name: 'Browse buckets' }).click();
    await pick('target', 'logs-archive', 'logs-archive on');
    await pick('target', 'backups', 'logs-archive/backups on');
    expect(await field('target', 'region').inputValue()).toBe('us-west-2');
    await page.locator('#wizard-name').fill('alpha to S3');
    await shoot('');

    const id = await createAndWatch();
    await shoot('-done');
    expect(await page.locator(`tr[data-relationship-id="${id}"] strong`).textContent()).toBe(
      'alpha to S3',
    );
    const base = `/api/accounts/${TEST}/groups/${group}`;
    expect(listCalls()).toEqual([
      `${base}/list-nfs-exports?host=10.0.0.5`,
      `${base}/list-nfs-export-folders?host=10.0.0.5&exportName=%2Fvol1`,
      `${base}/list-nfs-export-folders?host=10.0.0.5&exportName=%2Fvol1&path=projects`,
      `${base}/list-nfs-export-folders?host=10.0.0.5&exportName=%2Fvol1&path=projects%2Falpha`,
      `${base}/list-s3-buckets`,
      `${base}/list-s3-bucket-folders?bucket=logs-archive`,
      `${base}/list-s3-bucket-folders?bucket=logs-archive&prefix=backups`,
    ]);
    const posted = creates();
    expect(posted).toHaveLength(1);
    const body = posted[0]?.body as Json;
    expect(body.groupId).toBe(group);
    expect(body.source).toEqual({
      protocol: 'nfs',
      nfs: { provider: 'nfs', host: '10.0.0.5', export: '/vol1', path: 'projects/alpha' },
    });
    expect(body.target).toEqual({
      protocol: 's3',
      s3: { provider: 's3', bucket: 'logs-archive', prefix: 'backups', region: 'us-west-2' },
    });
    expect(body.tags).toEqual([{ key: 'name', value: 'alpha to S3' }]);
    expect(recorded.offLoopback).toEqual([]);
    expect(recorded.pageErrors).toEqual([]);
  });

  it('creates CIFS → Azure Blob with typed credentials; a wrong password reads as a failed log-in; no secret comes back', async () => {
    const group = SEED_IDS.groups.azure;
    const wrong = 'Wrong-Pass-4711';
    await openWizard(group);
    await side('source').locator('select[data-kind]').selectOption('cifs');
    await field('source', 'host').fill(CIFS.host);
    await field('source', 'credentials.domain').fill(CIFS.domain ?? '');
    await field('source', 'credentials.username').fill(CIFS.username);
    const password = field('source', 'credentials.password');
    expect(await password.getAttribute('type')).toBe('password');
    await password.fill(wrong);
    await side('source').getByRole('button', { name: 'Browse shares' }).click();
    const failed = side('source').locator('.browse .state[data-state="failed"]');
    await failed.waitFor();
    expect(await failed.textContent()).toContain(
      `The data broker could not log in to ${CIFS.host}: check the user name, password and domain.`,
    );
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    await shoot('-login-failed');

    await password.fill(CIFS.password);
    await side('source').getByRole('button', { name: 'Browse shares' }).click();
    await pick('source', 'finance', 'finance on');
    await pick('source', 'q3', 'finance/q3 on');

    await side('target').locator('select[data-kind]').selectOption('azureBlob');
    await field('target', 'storageAccountName').fill(AZURE.name);
    const connection = field('target', 'credentials.connectionString');
    expect(await connection.getAttribute('type')).toBe('password');
    await connection.fill(AZURE.connectionString);
    await side('target').getByRole('button', { name: 'Browse containers' }).click();
    await pick('target', 'finance-backup', 'finance-backup on');
    await pick('target', '2024', 'finance-backup/2024 on');
    expect(await page.locator('#wizard-summary').textContent()).toBe(
      `smb://${CIFS.host}/finance/q3 → azure://${AZURE.name}/finance-backup/2024`,
    );

    await createAndWatch();
    const posted = creates();
    expect(posted).toHaveLength(1);
    const body = posted[0]?.body as Json;
    expect(body.source).toEqual({
      protocol: 'cifs',
      cifs: {
        provider: 'cifs',
        host: CIFS.host,
        share: 'finance',
        path: 'q3',
        credentials: { username: CIFS.username, password: CIFS.password, domain: CIFS.domain },
      },
    });
    expect(body.target).toMatchObject({
      protocol: 'azure',
      azure: {
        provider: 'azure',
        storageAccountName: AZURE.name,
        container: 'finance-backup',
        prefix: '2024',
      },
    });

    // Upstream: each secret only as the headers the list calls expect and the create body's
    // credential fields; never in a URL, never anywhere else.
    const places = (secret: string) =>
      stack.apiRequests().flatMap((r) => {
        const whole = JSON.stringify({ url: r.url, headers: r.headers, body: r.body });
        const found = [
          ...placesOf(r.headers, secret).map((p) => `${r.method} ${r.path} header ${p}`),
          ...placesOf(r.body, secret).map((p) => `${r.method} ${r.path} body ${p}`),
        ];
        // Every occurrence is one of those whole values: none inside a URL, message or other text.
        expect(occurrences(whole, secret)).toBe(found.length);
        return found;
      });
    const cifsBase = `/api/accounts/${TEST}/groups/${group}`;
    expect(places(wrong)).toEqual([`GET ${cifsBase}/list-cifs-shares header password`]);
    expect(places(CIFS.password)).toEqual([
      `GET ${cifsBase}/list-cifs-shares header password`,
      `GET ${cifsBase}/list-cifs-share-folders header password`,
      `GET ${cifsBase}/list-cifs-share-folders header password`,
      'POST /api/relationships-v2 body source.cifs.credentials.password',
      'POST /api/relationships-v2 body sourceCredentials.cifs.password',
    ]);
    const header = 'storage-account-connection-string';
    expect(places(AZURE.connectionString)).toEqual([
      `GET ${cifsBase}/list-azure-blob-storage-containers header ${header}`,
      `GET ${cifsBase}/list-azure-blob-storage-container-folders header ${header}`,
      `GET ${cifsBase}/list-azure-blob-storage-container-folders header ${header}`,
      'POST /api/relationships-v2 body target.azure.credentials.storageAccountConnectionString',
      'POST /api/relationships-v2 body targetCredentials.azure.storageAccountConnectionString',
    ]);

    // The page: secrets went out only as variables, never came back, and are not left in the DOM.
    const secrets = [wrong, CIFS.password, AZURE.connectionString];
    const answers = await Promise.all(received);
    expect(answers.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(answers.filter((text) => text.includes(secret))).toEqual([]);
      const carrying = sent.filter((text) => text.includes(secret));
      expect(carrying.length).toBeGreaterThan(0);
      for (const text of carrying) {
        const message = JSON.parse(text) as Json;
        const request = (message.payload ?? message) as { query: string; variables: Json };
        expect(request.query).not.toContain(secret);
        expect(JSON.stringify(request.variables)).toContain(secret);
      }
      expect(await page.content()).not.toContain(secret);
      const values = await page
        .locator('input, select, textarea')
        .evaluateAll((elements) => elements.map((e) => (e as HTMLInputElement).value));
      expect(values).not.toContain(secret);
    }
    expect(recorded.offLoopback).toEqual([]);
    expect(recorded.pageErrors).toEqual([]);
  });

  it('shows a user error next to the field its path points at, and sends nothing', async () => {
    await openWizard(SEED_IDS.groups.aws);
    await field('source', 'host').fill('bad host!');
    await field('source', 'export').fill('/vol1');
    await field('target', 'bucket').fill('logs-archive');
    await page.getByRole('button', { name: 'Create relationship' }).click();
    const note = side('source').locator('[data-error-for="host"]');
    await note.waitFor();
    expect(await note.textContent()).toBe('host must be a host name or an IP address');
    expect(await field('source', 'host').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#wizard-error').textContent()).toContain(
      'see the notes next to them',
    );
    expect(creates()).toHaveLength(0);
    expect(recorded.pageErrors).toEqual([]);
  });
});
