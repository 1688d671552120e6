import { request } from 'undici';
import {
  type RunningSandbox,
  type SandboxOptions,
  startSandbox,
} from '../../src/sandbox/server.js';

export const ADMIN_KEY = 'sandbox-admin-key';
export const PARCEL_OPS_KEY = 'parcel-ops-key';
export const MAILBOX_ADMIN_KEY = 'mailbox-5001-admin-key';
export const NETWORK_200_ADMIN_KEY = 'network-200-admin-key';

export interface CallOptions {
  apiKey?: string;
  token?: string;
  body?: unknown;
  /** Sent verbatim instead of JSON.stringify(body). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON responses.
  json: any;
}

/** Sends one HTTP request to the sandbox and returns the status, headers and parsed body. */
export async function call(
  sandbox: RunningSandbox,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey !== undefined) headers['x-api-key'] = options.apiKey;
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await request(`${sandbox.url}${path}`, {
    method: method as 'GET',
    headers,
    body,
  });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

/** Shorthand for a call with the administrator's key. */
export function asAdmin(sandbox: RunningSandbox, method: string, path: string, body?: unknown) {
  return call(sandbox, method, path, { apiKey: ADMIN_KEY, body });
}

export function startTestSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ port: 0, ...options });
}

export function errorOf(code: string, message: string) {
  return { success: false, data: null, errorCode: code, message };
}
