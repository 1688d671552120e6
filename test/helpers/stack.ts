import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { GraphQLClient } from 'graphql-request';
import type { Logger } from 'pino';
import {
  type RunningSandbox,
  type SandboxOptions,
  startSandbox,
} from '../../src/sandbox/server.js';
import { type Config, loadConfig } from '../../src/server/config.js';
import { type RunningGateway, startGateway } from '../../src/server/http.js';
import { createLogger } from '../../src/server/logger.js';

/** Log lines a test's gateway wrote, parsed, so that tests can check what reaches the log. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      for (const line of chunk.toString().split('\n')) {
        if (line === '') continue;
        this.raw.push(line);
        this.lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });

  text(): string {
    return this.raw.join('\n');
  }
}

export interface StackOptions {
  sandbox?: SandboxOptions;
  /** Environment-style settings for the gateway, as `npm start` would read them. */
  env?: Record<string, string>;
  /** The credential for requests without one; default the sandbox administrator's key. */
  serverApiKey?: string | null;
  /** Receives the gateway's spans, which turns tracing on. */
  spanExporter?: SpanExporter;
}

export interface SmsRecord {
  userId: number;
  message: string;
  cellPhone: string;
  cellCarrier: string;
  time: string;
}

export interface RequestRecord {
  method: string;
  path: string;
  route: string;
  status: number;
  callerUserId: number | null;
  requestId: string | null;
}

/** A real sandbox and a real gateway on free loopback ports. */
export interface Stack {
  sandbox: RunningSandbox;
  gateway: RunningGateway;
  config: Config;
  logs: LogCapture;
  logger: Logger;
  /** The gateway's GraphQL endpoint. */
  endpoint: string;
  /** A graphql-request client for the endpoint, with the given headers. */
  client(headers?: Record<string, string>): GraphQLClient;
  /** Messages the sandbox recorded as sent. */
  sms(): Promise<SmsRecord[]>;
  /** ECGrid calls the sandbox received. */
  requests(): Promise<RequestRecord[]>;
  /** Resets the sandbox to its seed and clears its records. */
  reset(): Promise<void>;
  /** Adds sandbox fault rules. */
  faults(rules: unknown[]): Promise<void>;
  /** Logs in to the sandbox with a login and password, and returns the Bearer token. */
  login(login: string, password: string): Promise<string>;
  close(): Promise<void>;
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) {
    const text = await response.text();
    throw new Error(`${init?.method ?? 'GET'} ${url} returned ${response.status}: ${text}`);
  }
  return (await response.json()) as T;
}

/**
 * Test stacks send many texts to the same users, so the SMS rate limits are off unless a
 * test sets SMS_USER_BURST or SMS_CREDENTIAL_BURST itself. The rate limit tests do.
 */
const NO_SMS_RATE_LIMITS = { SMS_USER_BURST: '0', SMS_CREDENTIAL_BURST: '0' };

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = await startSandbox({ port: 0, ...options.sandbox });
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'debug',
    ...NO_SMS_RATE_LIMITS,
    ...options.env,
  });
  const logs = new LogCapture();
  const logger = createLogger(config.logLevel, logs.stream);
  const gateway = await startGateway({
    config,
    logger,
    ecgridBaseUrl: config.ecgridBaseUrl ?? sandbox.url,
    serverApiKey: options.serverApiKey === undefined ? sandbox.adminApiKey : options.serverApiKey,
    spanExporter: options.spanExporter,
  });
  const endpoint = `${gateway.url}/graphql`;
  return {
    sandbox,
    gateway,
    config,
    logs,
    logger,
    endpoint,
    client: (headers = {}) => new GraphQLClient(endpoint, { headers }),
    sms: async () =>
      (await getJson<{ messages: SmsRecord[] }>(`${sandbox.url}/_sandbox/sms`)).messages,
    requests: async () =>
      (await getJson<{ requests: RequestRecord[] }>(`${sandbox.url}/_sandbox/requests`)).requests,
    reset: async () => {
      await getJson(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    },
    faults: async (rules) => {
      await getJson(`${sandbox.url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rules }),
      });
    },
    login: async (login, password) => {
      const answer = await getJson<{ data: { token: string } }>(`${sandbox.url}/v2/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password }),
      });
      return answer.data.token;
    },
    close: async () => {
      await gateway.close();
      await sandbox.close();
    },
  };
}

/** Returns a loopback URL on which nothing listens: a port that was free a moment ago. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Sends a GraphQL request and returns the status and the whole response text. */
export async function postText(
  endpoint: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, text: await response.text() };
}

/** Sends a raw GraphQL request and returns the parsed body, for checking errors exactly. */
export async function post(
  endpoint: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ data?: Record<string, unknown> | null; errors?: GraphQLErrorBody[] }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: Record<string, unknown> | null;
    errors?: GraphQLErrorBody[];
  };
}

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}
