import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHIQL_CSP, renderGraphiqlPage } from '../../src/server/graphiql.js';
import { type Stack, startStack } from '../helpers/stack.js';

const HTML = { accept: 'text/html' };

/** Lists the paths in the page's src and href attributes. */
function assetPaths(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] as string);
}

describe('GraphiQL page', () => {
  let stack: Stack;
  let html: string;
  let headers: Headers;
  beforeAll(async () => {
    stack = await startStack();
    const response = await fetch(`${stack.gateway.url}/graphql`, { headers: HTML });
    expect(response.status).toBe(200);
    headers = response.headers;
    html = await response.text();
  });
  afterAll(() => stack.close());

  it('sets a strict policy', () => {
    expect(headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('has no inline script', () => {
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(3);
    for (const [, attributes, body] of scripts) {
      const isDataBlock = attributes?.includes('type="application/json"');
      expect(isDataBlock || body === '').toBe(true);
    }
  });

  it('refers only to served files', async () => {
    const paths = assetPaths(html);
    expect(paths).toHaveLength(4);
    for (const path of paths) {
      expect(path).toMatch(/^\/graphiql\/assets\/[\w.]+\.[0-9a-f]{16}\.(js|css|ico)$/);
      const response = await fetch(`${stack.gateway.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      await response.arrayBuffer();
    }
  });

  it('opens with the example tabs', () => {
    const block = /<script type="application\/json" id="graphiql-config">(.*?)<\/script>/s.exec(
      html,
    );
    const config = JSON.parse(block?.[1] ?? '{}');
    const tabs = config.options.defaultTabs as { query: string }[];
    expect(tabs).toHaveLength(2);
    expect(tabs[0]?.query).toContain('query User {\n  user(id: "1042") {');
    expect(tabs[1]?.query).toContain(
      'sendSms(userId: "1042", message: "Your ECGrid parcel download is ready.")',
    );
    expect(tabs[0]?.query).toContain('{"X-API-Key": "parcel-ops-key"}');
    expect(config.options.shouldPersistHeaders).toBe(false);
    expect(Object.keys(config.workers).sort()).toEqual(['editorWorkerService', 'graphql', 'json']);
  });

  it('serves gzip when accepted', async () => {
    const script = assetPaths(html).find((path) => /\/graphiql\.\w+\.js$/.test(path));
    const url = `${stack.gateway.url}${script}`;
    const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    const plainBody = Buffer.from(await plain.arrayBuffer());
    // undici's fetch decodes gzip itself, so read the raw bytes through node:http instead.
    const gzipped = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      request(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }),
        );
      })
        .on('error', reject)
        .end();
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(gzipped.encoding).toBe('gzip');
    expect(gzipped.body.byteLength).toBeLessThan(plainBody.byteLength / 2);
    expect(gunzipSync(gzipped.body).equals(plainBody)).toBe(true);
  });

  it('answers unknown files with 404', async () => {
    const response = await fetch(`${stack.gateway.url}/graphiql/assets/graphiql.0000.js`);
    expect(response.status).toBe(404);
    await response.text();
  });

  it('leaves GraphQL over GET alone', async () => {
    const response = await fetch(`${stack.gateway.url}/graphql?query=%7B__typename%7D`, {
      headers: { accept: 'application/json', 'x-ecgrid-csrf': '1' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('GraphiQL switched off', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPHIQL_ENABLED: 'false' } });
  });
  afterAll(() => stack.close());

  it('serves no page or files', async () => {
    const page = await fetch(`${stack.gateway.url}/graphql`, { headers: HTML });
    expect(page.status).toBe(406);
    expect(page.headers.get('content-security-policy')).toBeNull();
    expect(await page.text()).not.toContain('<html');
    const asset = await fetch(`${stack.gateway.url}/graphiql/assets/boot.0000000000000000.js`);
    expect(asset.status).toBe(404);
    await asset.text();
  });
});

describe('renderGraphiqlPage', () => {
  it('escapes markup in settings', () => {
    const urls = {
      boot: '/b.js',
      script: '/s.js',
      style: '/s.css',
      favicon: '/f.ico',
      workers: { editorWorkerService: '/e.js', json: '/j.js', graphql: '/g.js' },
    };
    const html = renderGraphiqlPage(urls, {
      title: '<Gateway & "Co">',
      defaultQuery: '# </script><script>alert(1)</script>',
    });
    expect(html).toContain('<title>&lt;Gateway &amp; &quot;Co&quot;&gt;</title>');
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>');
    expect(GRAPHIQL_CSP).not.toContain('unsafe-eval');
  });
});
