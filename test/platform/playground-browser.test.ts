import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { createTenant, type TestTenant } from '../support/tenants';

/** Chromium from the system (Debian's `chromium` package; `.ci/run` installs it), or CHROMIUM_PATH. */
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path): path is string => !!path && existsSync(path));
if (!CHROMIUM) console.warn('playground browser test skipped: no Chromium at CHROMIUM_PATH or /usr/bin/chromium (apt-get install -y chromium)');

const PROJECT_EVENTS = 'subscription Projects {\n  projectChanged { type project { name } }\n}\n';

/** The text of GraphiQL's editor: the query editor, the visible tool editor (headers) or the result pane. */
const editorValue = (page: Page, selector: string) =>
  page.evaluate((s) => (document.querySelector(`${s} .CodeMirror`) as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(), selector);
const setEditor = (page: Page, selector: string, value: string) =>
  page.evaluate((s, v) => (document.querySelector(`${s} .CodeMirror`) as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(v), selector, value);
const QUERY_EDITOR = '.graphiql-query-editor';
const HEADERS_EDITOR = '.graphiql-editor-tool > .graphiql-editor:not(.hidden)';
const RESULT = '.graphiql-response';

/** Puts `query` in the editor and runs it, once GraphiQL has taken in its operation name (it does so after a change, not on it). */
async function run(page: Page, query: string): Promise<void> {
  await setEditor(page, QUERY_EDITOR, query);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await page.click('.graphiql-execute-button');
}

/** The GraphiQL page a user opens, in headless Chromium: subscriptions with the Headers tab's token, before and after a reload. */
describe.skipIf(!CHROMIUM)(`playground in headless Chromium${CHROMIUM ? '' : ' (skipped: no Chromium found)'}`, { timeout: 120_000 }, () => {
  let server: TestServer;
  let tenant: TestTenant;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const open = async () => {
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30_000 });
    await page.waitForFunction((s) => !!document.querySelector(`${s} .CodeMirror`), {}, HEADERS_EDITOR);
  };
  /** Runs the subscription, then makes projects over HTTP until one shows in the result pane (so the subscription is live before the first counts). */
  const subscribeAndSee = async (prefix: string) => {
    await run(page, PROJECT_EVENTS);
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await gqlOk(server, tenant.token, 'mutation ($name: String!) { createProject(input: { name: $name }) { id } }', { name: `${prefix}-${i}` });
      const shown = await editorValue(page, RESULT);
      if (shown.includes(`"${prefix}-`)) return JSON.parse(shown) as { data?: any; errors?: unknown };
    }
    throw new Error(`no ${prefix} event reached the playground; result pane: ${await editorValue(page, RESULT)}`);
  };

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createTenant(server);
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(server.url, { waitUntil: 'networkidle0' });
    await open();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens with the headers editor pre-filled for the token flow, and an icon', async () => {
    expect(await editorValue(page, HEADERS_EDITOR)).toContain('"Authorization": "Bearer <paste the token printed at first start>"');
    const icon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href);
    expect(icon).toBeTruthy();
    expect((await fetch(icon!)).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/favicon.ico`)).headers.get('content-type')).toMatch(/image\/svg\+xml/);
  });

  it('shows a refused subscription (the placeholder is no token) as a message, with no stack trace', async () => {
    await run(page, PROJECT_EVENTS);
    await page.waitForFunction((s) => (document.querySelector(`${s} .CodeMirror`) as any).CodeMirror.getValue().includes('errors'), { timeout: 15_000 }, RESULT);
    const shown = await editorValue(page, RESULT);
    expect(JSON.parse(shown)).toEqual({ errors: [{ message: expect.stringMatching(/4401/) }] });
    expect(shown).not.toMatch(/stack|\bat .+:\d+:\d+/);
  });

  it('subscribes with a lowercase `authorization` header, and again after a reload (headers from localStorage)', async () => {
    await setEditor(page, HEADERS_EDITOR, JSON.stringify({ authorization: `Bearer ${tenant.token}` }));
    const first = await subscribeAndSee('before-reload');
    expect(first.errors).toBeUndefined();
    expect(first.data.projectChanged).toMatchObject({ type: 'CREATED', project: { name: expect.stringMatching(/^before-reload-/) } });

    await page.reload({ waitUntil: 'networkidle0' });
    await open();
    expect(await editorValue(page, HEADERS_EDITOR)).toContain(`"authorization":"Bearer ${tenant.token}"`);
    const second = await subscribeAndSee('after-reload');
    expect(second.errors).toBeUndefined();
    expect(second.data.projectChanged).toMatchObject({ type: 'CREATED', project: { name: expect.stringMatching(/^after-reload-/) } });
    expect(pageErrors).toEqual([]);
  });
});
