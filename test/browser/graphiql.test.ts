import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HeadlessChromium, startChromium } from '../helpers/browser.js';
import { type Stack, startStack } from '../helpers/stack.js';

const SCREENSHOT = 'test-artifacts/graphiql.png';
const BROWSER_TIMEOUT_MS = 120_000;

interface RecordedRequest {
  method: string;
  url: string;
}

describe('GraphiQL in headless Chromium', () => {
  let stack: Stack;
  let browser: HeadlessChromium;
  let page: Page;
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  let closed = false;

  beforeAll(async () => {
    stack = await startStack();
    browser = await startChromium();
    // The context receives the requests of every page and of the workers they start.
    browser.context.on('request', (request) => {
      requests.push({ method: request.method(), url: request.url() });
    });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(`${stack.gateway.url}/graphql`);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 60_000 });
  }, BROWSER_TIMEOUT_MS);

  afterAll(async () => {
    if (!closed) await browser?.close();
    await stack?.close();
  }, BROWSER_TIMEOUT_MS);

  it(
    'runs the example user query',
    async () => {
      const tabs = await page.locator('.graphiql-tab').allInnerTexts();
      expect(tabs.map((tab) => tab.trim())).toEqual(['User', 'SendSms']);
      await page.locator('.graphiql-execute-button').click();
      const response = page.locator('.graphiql-response');
      await response.getByText('"parcel.ops"').waitFor({ timeout: 30_000 });
      // Monaco renders indentation as no-break spaces.
      // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
      const text = (await response.innerText()).replaceAll('\u00a0', ' ');
      expect(JSON.parse(text)).toEqual({
        data: {
          user: {
            id: '1042',
            login: 'parcel.ops',
            firstName: 'Dana',
            lastName: 'Whitfield',
            cellPhone: '+12155550142',
            cellCarrier: 'VERIZON',
            smsReady: true,
          },
        },
      });
      await mkdir('test-artifacts', { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
    },
    BROWSER_TIMEOUT_MS,
  );

  it('shows the credential hint', async () => {
    const editor = page.locator('.graphiql-query-editor');
    expect(
      await editor.getByText('X-API-Key header, or Authorization: Bearer <token>').isVisible(),
    ).toBe(true);
  });

  it('requests only its own origin', () => {
    const origin = new URL(stack.gateway.url).origin;
    const paths = requests.map((request) => `${request.method} ${new URL(request.url).pathname}`);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((request) => new URL(request.url).origin !== origin)).toEqual([]);
    // The page, its stylesheet, both scripts, the three Monaco workers and the favicon.
    expect(paths).toContain('GET /graphql');
    for (const file of ['boot', 'graphiql', 'editor.worker', 'json.worker', 'graphql.worker']) {
      expect(paths.some((path) => path.startsWith(`GET /graphiql/assets/${file}.`))).toBe(true);
    }
    expect(paths.some((path) => /^GET \/graphiql\/assets\/graphiql\.\w+\.css$/.test(path))).toBe(
      true,
    );
    expect(paths.some((path) => /^GET \/graphiql\/assets\/favicon\./.test(path))).toBe(true);
    expect(paths).toContain('POST /graphql');
  });

  it('loads without errors or violations', () => {
    expect(problems).toEqual([]);
  });

  it('blocks inline script by policy', async () => {
    const outcome = await page.evaluate(async () => {
      const violation = new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (event) =>
          resolve(event.effectiveDirective),
        );
      });
      const script = document.createElement('script');
      script.textContent = 'window.inlineScriptRan = true;';
      document.body.append(script);
      const directive = await violation;
      return { directive, ran: (window as { inlineScriptRan?: boolean }).inlineScriptRan ?? false };
    });
    expect(outcome).toEqual({ directive: 'script-src-elem', ran: false });
  });

  it(
    'connects only to the gateway',
    async () => {
      const attempts = await browser.close();
      closed = true;
      expect(attempts).toEqual([`127.0.0.1:${stack.gateway.port}`]);
    },
    BROWSER_TIMEOUT_MS,
  );
});
