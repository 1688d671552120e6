import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * The self-hosted GraphiQL page. Its scripts, styles, Monaco workers and favicon come from the
 * installed @graphql-yoga/render-graphiql package and are served by the gateway itself, so the
 * page makes no request to any other origin. That package ships them as strings for one inlined
 * page. They are served here as separate files, so that the page's Content-Security-Policy can
 * forbid inline script.
 */

/** Path prefix of the GraphiQL files. Each file name carries a hash of the file's content. */
export const GRAPHIQL_ASSET_PATH = '/graphiql/assets/';

/**
 * The policy of the GraphiQL page. Scripts and workers load only from this origin and no inline
 * script or eval runs. Fonts and images also come as data: URLs, because GraphiQL's stylesheet
 * embeds its fonts and icons that way.
 * NOTE: style-src allows 'unsafe-inline' because Monaco, GraphiQL's editor, creates <style>
 * elements and sets style attributes at run time and offers no nonce for them. Inline styles
 * cannot run script.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** One served file, with its gzip form for clients that accept it. */
export interface GraphiqlAsset {
  contentType: string;
  body: Buffer;
  gzipped: Buffer;
}

/** The URLs that the page refers to, as paths on this origin. */
interface AssetUrls {
  boot: string;
  script: string;
  style: string;
  favicon: string;
  workers: Record<'editorWorkerService' | 'json' | 'graphql', string>;
}

export interface GraphiqlAssets {
  /** Files by request path. */
  byPath: Map<string, GraphiqlAsset>;
  urls: AssetUrls;
}

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const compress = promisify(gzip);

async function addAsset(
  byPath: Map<string, GraphiqlAsset>,
  name: string,
  extension: string,
  contentType: string,
  body: Buffer,
): Promise<string> {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const path = `${GRAPHIQL_ASSET_PATH}${name}.${hash}.${extension}`;
  byPath.set(path, { contentType, body, gzipped: await compress(body) });
  return path;
}

/** Decodes the package's favicon, which it ships as a base64 data: URL. */
function decodeDataUrl(dataUrl: string): { contentType: string; body: Buffer } {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(dataUrl);
  if (!match?.[1] || match[2] === undefined) {
    throw new Error('The GraphiQL favicon is not a base64 data: URL.');
  }
  return { contentType: match[1], body: Buffer.from(match[2], 'base64') };
}

async function buildAssets(): Promise<GraphiqlAssets> {
  // Imported on first use, because the module contains about 9 MB of source text.
  const bundle = await import('@graphql-yoga/render-graphiql/graphiql');
  const boot = await readFile(new URL('./graphiql-boot.js', import.meta.url));
  const favicon = decodeDataUrl(bundle.favicon);
  const byPath = new Map<string, GraphiqlAsset>();
  const text = (value: string) => Buffer.from(value, 'utf8');
  const [bootUrl, script, style, faviconUrl, editorWorkerService, json, graphql] =
    await Promise.all([
      addAsset(byPath, 'boot', 'js', JAVASCRIPT, boot),
      addAsset(byPath, 'graphiql', 'js', JAVASCRIPT, text(bundle.js)),
      addAsset(byPath, 'graphiql', 'css', 'text/css; charset=utf-8', text(bundle.css)),
      addAsset(byPath, 'favicon', 'ico', favicon.contentType, favicon.body),
      addAsset(byPath, 'editor.worker', 'js', JAVASCRIPT, text(bundle.editorWorkerService)),
      addAsset(byPath, 'json.worker', 'js', JAVASCRIPT, text(bundle.jsonWorker)),
      addAsset(byPath, 'graphql.worker', 'js', JAVASCRIPT, text(bundle.graphqlWorker)),
    ]);
  return {
    byPath,
    urls: {
      boot: bootUrl,
      script,
      style,
      favicon: faviconUrl,
      workers: { editorWorkerService, json, graphql },
    },
  };
}

let loading: Promise<GraphiqlAssets> | undefined;

/** Loads and compresses the GraphiQL files once per process; later calls share the result. */
export function loadGraphiqlAssets(): Promise<GraphiqlAssets> {
  loading ??= buildAssets().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/**
 * Renders the page. Its settings travel in a JSON data block; every `<` in it is escaped, so no
 * value can close the block and start markup.
 */
export function renderGraphiqlPage(urls: AssetUrls, options: GraphiQLOptions): string {
  const config = JSON.stringify({ workers: urls.workers, options }).replaceAll('<', '\\u003c');
  const title = escapeHtml(options.title ?? 'GraphiQL');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title}</title>
    <link rel="icon" href="${urls.favicon}">
    <link rel="stylesheet" href="${urls.style}">
    <script type="application/json" id="graphiql-config">${config}</script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root"></div>
    <script src="${urls.boot}"></script>
    <script src="${urls.script}"></script>
  </body>
</html>
`;
}
