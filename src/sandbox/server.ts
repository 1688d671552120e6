import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControlRequest } from './control.js';
import { errorEnvelope } from './errors.js';
import { pathOf, sendJson } from './http.js';
import { checkUnique, defaultSeed, type SandboxSeed } from './seed.js';
import { handleApiRequest } from './serve-api.js';
import { SandboxState } from './state.js';

export type { SandboxSeed, SeedUser } from './seed.js';
export { loadSeedFile } from './seed.js';

export interface SandboxOptions {
  /** Users to serve. Default: the shipped default-seed.json. */
  seed?: SandboxSeed;
  /** Replaces the apiKey of the seed's administrator (its first Root user). Default: keep it. */
  adminApiKey?: string;
  /** Delay in milliseconds before every /v2/ response. Default: 0. */
  latencyMs?: number;
  /** Lifetime of a Bearer token in seconds. Default: 3600. */
  tokenTtlSeconds?: number;
}

export interface Sandbox {
  /** Serves /v2/ and /_sandbox/; anything else is a 404 ObjectNotFound envelope. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Serves only /_sandbox/, for a gateway that mounts the control routes on its own port. */
  handleControl(req: IncomingMessage, res: ServerResponse): void;
  /** API key of the seed's administrator, or '' when the seed has no Root user with a key. */
  readonly adminApiKey: string;
  /** Returns users to the seed and clears messages, requests, faults, tokens and hung calls. */
  reset(): void;
}

export interface RunningSandbox extends Sandbox {
  /** Base URL such as http://127.0.0.1:40123, without a trailing slash. */
  url: string;
  port: number;
  /** Stops listening and ends every open connection, including hung ones. */
  close(): Promise<void>;
}

const DEFAULT_TOKEN_TTL_SECONDS = 3600;

/** Applies `adminApiKey` to the seed's first Root user; returns the seed and the admin's key. */
function applyAdminKey(seed: SandboxSeed, adminApiKey: string | undefined) {
  const index = seed.users.findIndex((user) => user.authLevel === 'Root');
  const admin = seed.users[index];
  if (adminApiKey === undefined) return { seed, adminApiKey: admin?.apiKey ?? '' };
  if (admin === undefined) {
    throw new Error('adminApiKey is set, but the seed has no user with authLevel Root');
  }
  if (adminApiKey === '') throw new Error('adminApiKey must not be empty');
  const users = seed.users.map((user, i) =>
    i === index ? { ...user, apiKey: adminApiKey } : user,
  );
  checkUnique(users, '(with adminApiKey applied)');
  return { seed: { users }, adminApiKey };
}

function checkOptions(options: SandboxOptions): void {
  const { latencyMs, tokenTtlSeconds } = options;
  if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0)) {
    throw new Error(`latencyMs must be a non-negative number of milliseconds, got ${latencyMs}`);
  }
  if (tokenTtlSeconds !== undefined && !(Number.isFinite(tokenTtlSeconds) && tokenTtlSeconds > 0)) {
    throw new Error(`tokenTtlSeconds must be a positive number of seconds, got ${tokenTtlSeconds}`);
  }
}

function failUnexpectedly(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const reason = error instanceof Error ? error.message : String(error);
  sendJson(res, 500, errorEnvelope('InternalError', `sandbox error: ${reason}`));
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  return buildSandbox(options).sandbox;
}

function buildSandbox(options: SandboxOptions): { sandbox: Sandbox; state: SandboxState } {
  checkOptions(options);
  const { seed, adminApiKey } = applyAdminKey(options.seed ?? defaultSeed(), options.adminApiKey);
  const state = new SandboxState(seed, options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  const latencyMs = options.latencyMs ?? 0;

  const handleControl = (req: IncomingMessage, res: ServerResponse): void => {
    handleControlRequest(state, req, res).catch((error) => failUnexpectedly(res, error));
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = pathOf(req.url);
    if (path.startsWith('/_sandbox/')) {
      handleControl(req, res);
    } else if (path.startsWith('/v2/') || path === '/v2') {
      handleApiRequest(state, latencyMs, req, res).catch((error) => failUnexpectedly(res, error));
    } else {
      sendJson(res, 404, errorEnvelope('ObjectNotFound', `no route ${req.method} ${path}`));
    }
  };
  return { sandbox: { handle, handleControl, adminApiKey, reset: () => state.reset() }, state };
}

/** Starts a sandbox on its own HTTP server. Port 0 (the default) picks a free port. */
export async function startSandbox(
  options: SandboxOptions & { port?: number; host?: string } = {},
): Promise<RunningSandbox> {
  const { sandbox, state } = buildSandbox(options);
  const host = options.host ?? '127.0.0.1';
  const server = createServer(sandbox.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  state.baseUrl = url;
  const close = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  return { ...sandbox, url, port, close };
}
