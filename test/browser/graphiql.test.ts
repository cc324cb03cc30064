import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/simulator';
import { type Stack, startStack } from '../utils/stack';
import {
  HAS_CHROMIUM,
  launchChromium,
  type Recorded,
  recordedContext,
  reportMissingChromium,
} from './chromium';

reportMissingChromium('test/browser/graphiql.test.ts');

/** The text of one of GraphiQL's Monaco editors (Monaco renders spaces as U+00A0). */
const editorText = (page: Page, selector: string): Promise<string> =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => (element.textContent ?? '').replaceAll('\u00a0', ' '));

const QUERY_EDITOR = '.graphiql-query-editor .monaco-editor';
const HEADERS_EDITOR = '.monaco-editor[data-uri$="headers.json"]';
const RESPONSE = '.graphiql-response';
const VARIABLES_EDITOR = '.monaco-editor[data-uri$="variables.json"]';

/**
 * Replaces the whole text of a Monaco editor. insertText types no keys, but Monaco still
 * auto-closes brackets and quotes: whatever it added after the cursor is deleted.
 */
async function replaceEditorText(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Shift+Control+End');
  await page.keyboard.press('Delete');
}

/** Types an operation into the first tab and waits until GraphiQL took it (it mirrors it in ?query=). */
async function typeOperation(page: Page, operation: string): Promise<void> {
  await replaceEditorText(page, QUERY_EDITOR, operation);
  await page.waitForFunction(
    (expected) => new URL(window.location.href).searchParams.get('query') === expected,
    operation,
  );
}

/** The response pane's text once `check` holds, or as it is after `ms` (then a test's expect fails). */
async function waitForResponse(
  page: Page,
  check: (text: string) => boolean,
  ms = 10_000,
): Promise<string> {
  let text = '';
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    text = (await editorText(page, RESPONSE)).replace(/\s+/g, ' ');
    if (check(text)) return text;
    await page.waitForTimeout(50);
  }
  return text;
}

describe.skipIf(!HAS_CHROMIUM)('GraphiQL in headless Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let recorded: Recorded;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    const opened = await recordedContext(browser);
    recorded = opened.recorded;
    page = await opened.context.newPage();
    await page.goto(`${stack.gateway.url}/graphql`, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('renders offline: the editor, the example query and the Authorization hint, all from loopback', async () => {
    await page.locator('.graphiql-execute-button').waitFor({ state: 'visible' });
    expect(await editorText(page, QUERY_EDITOR)).toContain('query Brokers');
    expect(await editorText(page, HEADERS_EDITOR)).toContain(
      '"Authorization":"Bearer <accessToken',
    );
    // The schema came by introspection: the docs explorer can open on the Query type.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page
      .locator('.graphiql-doc-explorer')
      .getByText('Query', { exact: true })
      .first()
      .waitFor();

    const gateway = new URL(stack.gateway.url);
    expect(recorded.urls.some((url) => new URL(url).host === gateway.host)).toBe(true);
    expect(recorded.offLoopback).toEqual([]);
    expect(recorded.pageErrors).toEqual([]);
  });

  it('shows the whole login hint: no line of it is cut off by the editor', async () => {
    // At GraphiQL's default layout (the test before opened the docs explorer).
    await page.getByRole('button', { name: 'Hide Documentation Explorer' }).click();
    const editor = page.locator(QUERY_EDITOR).first();
    // The visible text area of the editor, and where each line's text really ends.
    const box = (await editor.boundingBox())!;
    const lines = await editor.locator('.view-line').evaluateAll((elements) =>
      elements.map((element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        return {
          text: (element.textContent ?? '').replaceAll('\u00a0', ' '),
          right: range.getBoundingClientRect().right,
        };
      }),
    );
    const hint = lines.filter((line) => line.text.startsWith('#'));
    expect(hint.map((line) => line.text).join('\n')).toContain('password: "demo") { accessToken }');
    expect(hint.map((line) => line.text).join('\n')).toContain(
      '"Authorization": "Bearer <accessToken>"',
    );
    for (const line of hint) expect(line.right, line.text).toBeLessThanOrEqual(box.x + box.width);
  });

  it('runs a typed query and shows its result', async () => {
    await typeOperation(
      page,
      'mutation Login { login(username: "demo@example.com", password: "demo") { tokenType expiresIn } }',
    );
    await page.locator('.graphiql-execute-button').click();
    const result = await waitForResponse(page, (text) => text.includes('"tokenType"'));
    expect(result).toContain('"tokenType": "Bearer"');
    expect(result).toMatch(/"expiresIn": \d+/);
    expect(recorded.offLoopback).toEqual([]);
  });

  it('a syntax error is shown as the GraphQL error it is, without a JavaScript stack', async () => {
    await typeOperation(page, 'query Broken { accounts { id name }');
    await page.locator('.graphiql-execute-button').click();
    const result = await waitForResponse(page, (text) => text.includes('"message"'), 5_000);
    expect(result).toContain('Syntax Error');
    expect(result).not.toMatch(/"stack"|\bat \S+ \(|\.js:\d+/);
  });

  // GraphiQL runs subscriptions over SSE, so the Headers tab's Authorization goes with them.
  it('runs a listing subscription with the token from the Headers tab', async () => {
    const token = stack.demoToken();
    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await replaceEditorText(
      page,
      HEADERS_EDITOR,
      JSON.stringify({ Authorization: `Bearer ${token}` }),
    );
    await typeOperation(
      page,
      `subscription S3BucketListing { s3BucketListing(accountId: "${SEED_IDS.accounts.test}", dataBrokerId: "${SEED_IDS.brokers.aws}") { status buckets { name } } }`,
    );
    await page.locator('.graphiql-execute-button').click();
    const result = await waitForResponse(
      page,
      (text) => text.includes('"READY"') || text.includes('"errors"'),
      5_000,
    );
    expect(result).toContain('"status": "READY"');
    expect(result).toContain('"small"');
  });

  // Design §2.4 rule 8: a Secret typed into the variables pane is not kept by the browser.
  it('keeps no variables (secrets) and no headers in localStorage, even after a run', async () => {
    const canary = 'CanaryGraphiql-7d1f';
    await typeOperation(page, 'query Shares($c: CifsCredentialsInput!) { __typename }');
    await page.getByRole('button', { name: 'Variables', exact: true }).click();
    await replaceEditorText(
      page,
      VARIABLES_EDITOR,
      JSON.stringify({ c: { username: 'bob', password: canary } }),
    );
    await page.locator('.graphiql-execute-button').click();
    await waitForResponse(page, (text) => text.includes('"__typename"') || text.includes('errors'));
    // GraphiQL writes its editors to storage after a 500 ms debounce.
    await page.waitForTimeout(1_000);
    const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage }));
    expect(stored).not.toContain(canary);
    expect(stored).not.toContain('Bearer ');
  });
});
