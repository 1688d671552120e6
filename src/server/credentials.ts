import { createHash } from 'node:crypto';
import type { Credential } from '../ecgrid/transport.js';

export type CredentialResult =
  | { credential: Credential; problem?: undefined }
  | { credential?: undefined; problem: string };

/** Printable ASCII without spaces, as API keys are. */
const API_KEY = /^[\x21-\x7e]{1,512}$/;
/** RFC 6750 bearer credentials (token68). */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]{1,4096}=*)$/i;

/**
 * Picks the credential to forward to ECGrid: the caller's X-API-Key or Authorization header
 * unchanged, else the server's key. A header that is present but empty or malformed is a
 * problem, never a reason to fall back to the server's key.
 */
export function resolveCredential(
  apiKeyHeader: string | null,
  authorizationHeader: string | null,
  serverApiKey: string | null,
): CredentialResult {
  if (apiKeyHeader !== null && authorizationHeader !== null) {
    return { problem: 'Send one credential, X-API-Key or Authorization, not both.' };
  }
  if (apiKeyHeader !== null) {
    if (!API_KEY.test(apiKeyHeader)) {
      return { problem: 'The X-API-Key header is empty or not a valid API key.' };
    }
    return { credential: { header: 'x-api-key', value: apiKeyHeader } };
  }
  if (authorizationHeader !== null) {
    if (!BEARER.test(authorizationHeader)) {
      return { problem: 'The Authorization header must be "Bearer <token>".' };
    }
    return { credential: { header: 'authorization', value: authorizationHeader } };
  }
  if (serverApiKey !== null) {
    return { credential: { header: 'x-api-key', value: serverApiKey } };
  }
  return {
    problem:
      'No ECGrid credential: send an X-API-Key or Authorization: Bearer header, or set ECGRID_API_KEY on the server.',
  };
}

/**
 * The scope of idempotency keys for one credential: a SHA-256 hash of the header and value,
 * so that the credential itself is never stored or logged.
 */
export function credentialScope(credential: Credential): string {
  return createHash('sha256')
    .update(`${credential.header}\n${credential.value}`)
    .digest('base64url');
}
