import {
  type FetchAPI,
  type GraphiQLOptions,
  type Plugin,
  shouldRenderGraphiQL,
} from 'graphql-yoga';
import type { Logger } from 'pino';
import {
  GRAPHIQL_ASSET_PATH,
  GRAPHIQL_CSP,
  type GraphiqlAsset,
  loadGraphiqlAssets,
  renderGraphiqlPage,
} from './graphiql.js';

export interface GraphiqlPluginOptions {
  /** The path a browser opens GraphiQL at, which is also the GraphQL endpoint. */
  endpoint: string;
  options: GraphiQLOptions;
  logger: Logger;
}

/** Headers of every GraphiQL response: no sniffing, no framing, no referrer to other sites. */
const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};

function acceptsGzip(request: Request): boolean {
  return /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
}

function assetResponse(fetchAPI: FetchAPI, request: Request, asset: GraphiqlAsset): Response {
  const gzipped = acceptsGzip(request);
  const body = gzipped ? asset.gzipped : asset.body;
  const headers: Record<string, string> = {
    ...COMMON_HEADERS,
    'content-type': asset.contentType,
    'content-length': String(body.byteLength),
    // The name changes with the content, so a cached copy never goes stale.
    'cache-control': 'public, max-age=31536000, immutable',
    vary: 'accept-encoding',
  };
  if (gzipped) headers['content-encoding'] = 'gzip';
  const content = request.method === 'HEAD' ? null : new Uint8Array(body);
  return new fetchAPI.Response(content, { headers });
}

/**
 * Serves GraphiQL from the installed packages: the page at the GraphQL endpoint for a browser's
 * GET (Accept: text/html), under a strict Content-Security-Policy, and its files under
 * GRAPHIQL_ASSET_PATH. Use it with yoga's own `graphiql: false`, whose page loads from CDNs.
 */
export function useGraphiql({ endpoint, options, logger }: GraphiqlPluginOptions): Plugin {
  let page: string | undefined;
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const isAsset = url.pathname.startsWith(GRAPHIQL_ASSET_PATH);
      const isPage =
        (url.pathname === endpoint || url.pathname === `${endpoint}/`) &&
        shouldRenderGraphiQL(request);
      if (!isAsset && !isPage) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      let assets: Awaited<ReturnType<typeof loadGraphiqlAssets>>;
      try {
        assets = await loadGraphiqlAssets();
      } catch (error) {
        logger.error({ err: error }, 'GraphiQL files could not be loaded');
        endResponse(new fetchAPI.Response('GraphiQL is unavailable.', { status: 503 }));
        return;
      }
      if (isAsset) {
        const asset = assets.byPath.get(url.pathname);
        endResponse(
          asset
            ? assetResponse(fetchAPI, request, asset)
            : new fetchAPI.Response('Not found.', { status: 404, headers: COMMON_HEADERS }),
        );
        return;
      }
      page ??= renderGraphiqlPage(assets.urls, options);
      endResponse(
        new fetchAPI.Response(page, {
          headers: {
            ...COMMON_HEADERS,
            'content-type': 'text/html; charset=utf-8',
            'content-security-policy': GRAPHIQL_CSP,
            'x-frame-options': 'DENY',
            'cross-origin-opener-policy': 'same-origin',
            'cache-control': 'no-cache',
          },
        }),
      );
    },
  };
}
