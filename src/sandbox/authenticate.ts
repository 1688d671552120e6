import type { IncomingMessage } from 'node:http';
import { SandboxError } from './errors.js';
import { headerValue } from './http.js';
import type { SandboxState } from './state.js';
import type { StoredUser } from './store.js';

export interface Credential {
  user: StoredUser;
  /** The Bearer token of the request, or undefined when it authenticated with X-API-Key. */
  token: string | undefined;
}

/**
 * Resolves the caller of a request. X-API-Key wins when both headers are present. Returns the
 * error instead of throwing it, because the request log records the caller even for calls
 * that a fault rule handles before authentication would run.
 */
export function authenticate(state: SandboxState, req: IncomingMessage): Credential | SandboxError {
  const apiKey = headerValue(req, 'x-api-key');
  if (apiKey !== undefined && apiKey !== '') {
    const user = state.users.findByApiKey(apiKey);
    if (user === undefined) return new SandboxError('InvalidAPIKey', 'X-API-Key is not valid');
    return { user, token: undefined };
  }
  const authorization = headerValue(req, 'authorization');
  if (authorization === undefined || authorization === '') {
    return new SandboxError(
      'InvalidAPIKey',
      'X-API-Key is missing; send it or an Authorization: Bearer token',
    );
  }
  const match = /^Bearer +(\S+)\s*$/i.exec(authorization);
  const token = match?.[1];
  if (token === undefined) {
    return new SandboxError('InvalidSession', 'Authorization header must be "Bearer <token>"');
  }
  const userId = state.tokens.resolve(token);
  const user = userId === undefined ? undefined : state.users.get(userId);
  if (user === undefined) {
    return new SandboxError('InvalidSession', 'Bearer token is invalid, expired or logged out');
  }
  return { user, token };
}
