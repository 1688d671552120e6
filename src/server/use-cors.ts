import type { Plugin } from 'graphql-yoga';

/** How long a browser may cache a preflight response, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Applies CORS for the origins in CORS_ORIGINS. A listed origin is echoed exactly, with
 * credentials allowed. Any other origin gets no CORS header at all, so its pages can neither
 * read responses nor send preflighted requests. Every response varies by Origin, so that a
 * shared cache never hands one origin's response to another. Yoga's own CORS is off because
 * it sends `Access-Control-Allow-Origin: null` to an unlisted origin and omits `Vary` when
 * one origin is configured (graphql-yoga 5.24).
 */
export function useCors(origins: readonly string[]): Plugin {
  const allowed = new Set(origins);
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method !== 'OPTIONS') return;
      endResponse(new fetchAPI.Response(null, { status: 204, headers: { 'content-length': '0' } }));
    },
    onResponse({ request, response }) {
      response.headers.append('vary', 'Origin');
      const origin = request.headers.get('origin');
      if (origin === null || !allowed.has(origin)) return;
      response.headers.set('access-control-allow-origin', origin);
      response.headers.set('access-control-allow-credentials', 'true');
      if (request.method !== 'OPTIONS') return;
      response.headers.set('access-control-allow-methods', 'GET, POST');
      const requested = request.headers.get('access-control-request-headers');
      if (requested !== null) {
        // The origin is trusted, so it may send any header. ECGrid receives only the credential.
        response.headers.set('access-control-allow-headers', requested);
        response.headers.append('vary', 'Access-Control-Request-Headers');
      }
      response.headers.set('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
    },
  };
}
