import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode, requestErrorBody } from '../errors.js';

/**
 * The header that every GET request must carry, with any value. A plain HTML form, link or
 * image cannot set a header, and a script on another origin can only set one after a CORS
 * preflight that an unlisted origin fails.
 */
export const CSRF_HEADER = 'x-ecgrid-csrf';

const JSON_MEDIA_TYPE = 'application/json';

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Stops cross-site request forgery. A POST must be `application/json`, which a browser only
 * sends cross-origin after a preflight, so the types an HTML form can send (text/plain,
 * application/x-www-form-urlencoded, multipart/form-data) get 415 before any parsing. Every
 * other request, GET included, must carry CSRF_HEADER (yoga's CSRF prevention, 403 without).
 * Yoga itself rejects a mutation sent with GET with 405 and `Allow: POST`.
 */
export function useCsrfPrevention(): Plugin[] {
  const requireJsonPosts: Plugin = {
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method !== 'POST') return;
      const type = mediaType(request.headers.get('content-type'));
      if (type === JSON_MEDIA_TYPE) return;
      const message = `Unsupported Content-Type "${type || '(none)'}": send GraphQL requests as POST with Content-Type: application/json, or as GET.`;
      endResponse(
        new fetchAPI.Response(requestErrorBody(ErrorCode.UnsupportedMediaType, message), {
          status: 415,
          headers: { 'content-type': 'application/json; charset=utf-8', accept: JSON_MEDIA_TYPE },
        }),
      );
    },
  };
  return [requireJsonPosts, useCSRFPrevention({ requestHeaders: [CSRF_HEADER] })];
}
