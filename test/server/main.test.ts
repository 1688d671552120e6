import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntryPoint, type GatewayProcess, spawnGateway } from '../helpers/process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const EXAMPLE = `mutation SendSms {
  sendSms(userId: "1042", message: "Your ECGrid parcel download is ready.") {
    __typename
    ... on SmsSubmitted { user { id login } }
  }
}`;

/** Runs `npm run build`'s script, which compiles src/ to dist/ and copies its data files. */
function build(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
}

describe.each<{ title: string; entry: EntryPoint }>([
  { title: 'npm start entry point', entry: 'src' },
  { title: 'compiled entry point in dist/', entry: 'dist' },
])('$title', ({ entry }) => {
  let gateway: GatewayProcess;
  let base: string;
  let started: Record<string, unknown>;
  beforeAll(async () => {
    if (entry === 'dist') build();
    const env = { PORT: '0', LOG_LEVEL: 'info', SANDBOX_API_KEY: 'custom-admin-key' };
    gateway = spawnGateway(env, entry);
    started = await gateway.waitForLine((line) => typeof line.port === 'number');
    base = `http://127.0.0.1:${started.port}`;
  }, 120_000);
  afterAll(async () => {
    if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
  });

  it('logs the start plainly', () => {
    expect(started).toMatchObject({
      level: 30,
      url: `${base}/graphql`,
      upstream: 'sandbox',
      mode: 'development',
      serverCredential: true,
      msg: 'gateway started on SANDBOX DATA: ECGrid is simulated in this process (set ECGRID_BASE_URL for the real API)',
    });
  });

  it('answers /health', async () => {
    const response = await fetch(`${base}/health?probe=1`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    const head = await fetch(`${base}/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves GraphiQL with the example', async () => {
    const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).toContain('Your ECGrid parcel download is ready.');
    expect(page).toContain('sendSms');
  });

  it('sends the example through the sandbox', async () => {
    const data = await new GraphQLClient(`${base}/graphql`).request(EXAMPLE);
    expect(data).toEqual({
      sendSms: { __typename: 'SmsSubmitted', user: { id: '1042', login: 'parcel.ops' } },
    });
    const sms = (await (await fetch(`${base}/_sandbox/sms`)).json()) as {
      messages: { userId: number; message: string }[];
    };
    expect(sms.messages).toEqual([
      expect.objectContaining({ userId: 1042, message: 'Your ECGrid parcel download is ready.' }),
    ]);
  });

  it('applies SANDBOX_API_KEY', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sandbox-admin-key' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const custom = await new GraphQLClient(`${base}/graphql`, {
      headers: { 'x-api-key': 'custom-admin-key' },
    }).request('{ me { id } }');
    expect(custom).toEqual({ me: { id: '1' } });
  });

  it('finishes in-flight requests on SIGTERM', async () => {
    const faults = await fetch(`${base}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        rules: [{ kind: 'latency', path: '/v2/users/{id}', ms: 1500, times: 1 }],
      }),
    });
    expect(faults.status).toBe(200);
    const slow = new GraphQLClient(`${base}/graphql`).request('{ user(id: "1042") { login } }');
    await new Promise((resolve) => setTimeout(resolve, 500));
    gateway.child.kill('SIGTERM');
    expect(await slow).toEqual({ user: { login: 'parcel.ops' } });
    expect(await gateway.exited).toBe(0);
    const messages = gateway.lines.map((line) => line.msg);
    // The in-flight operation is logged after the stop began and before it ended.
    expect(messages.slice(-3)).toEqual([
      'gateway stopping',
      'graphql operation',
      'gateway stopped',
    ]);
    expect(gateway.lines.find((line) => line.msg === 'gateway stopping')?.signal).toBe('SIGTERM');
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  }, 30_000);
});

describe.concurrent('entry point lifecycle', () => {
  it('stops on SIGINT', async ({ expect }) => {
    const gateway = spawnGateway({ PORT: '0', LOG_LEVEL: 'info' });
    await gateway.waitForLine((line) => typeof line.port === 'number');
    gateway.child.kill('SIGINT');
    expect(await gateway.exited).toBe(0);
    expect(gateway.lines.map((line) => [line.msg, line.signal])).toEqual([
      [expect.stringContaining('gateway started'), undefined],
      ['gateway stopping', 'SIGINT'],
      ['gateway stopped', undefined],
    ]);
  }, 60_000);

  it('rejects production without ECGRID_BASE_URL', async ({ expect }) => {
    const gateway = spawnGateway({ PORT: '0', NODE_ENV: 'production' });
    expect(await gateway.exited).toBe(2);
    expect(gateway.lines).toEqual([
      expect.objectContaining({
        level: 60,
        msg: 'ECGRID_BASE_URL is not set, and NODE_ENV=production does not allow sandbox data. Set ECGRID_BASE_URL to https://rest.ecgrid.io (and ECGRID_API_KEY if requests may come without a credential).',
      }),
    ]);
  }, 60_000);

  it('rejects a bad setting', async ({ expect }) => {
    const gateway = spawnGateway({ PORT: 'eighty', ECGRID_TIMEOUT_MS: '0' });
    expect(await gateway.exited).toBe(2);
    expect(gateway.stderr()).toBe(
      [
        'Invalid configuration:',
        '  - PORT must be an integer from 0 to 65535, got "eighty".',
        '  - ECGRID_TIMEOUT_MS must be an integer from 1 to 600000, got "0".',
        '',
      ].join('\n'),
    );
    expect(gateway.stdout()).toBe('');
  }, 60_000);

  it('rejects a bad sandbox seed', async ({ expect }) => {
    const gateway = spawnGateway({ PORT: '0', SANDBOX_SEED: '/nonexistent/seed.json' });
    expect(await gateway.exited).toBe(2);
    expect(gateway.stderr()).toContain('Invalid sandbox settings:');
    expect(gateway.stderr()).toContain(
      'SANDBOX_SEED: cannot read sandbox seed /nonexistent/seed.json',
    );
  }, 60_000);
});
