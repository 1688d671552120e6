import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EcgridError } from '../../src/ecgrid/errors.js';
import { EcgridTransport, type UpstreamRequest } from '../../src/ecgrid/transport.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';

const GET_USER: UpstreamRequest = {
  call: 'users.get',
  method: 'GET',
  path: '/v2/users/1042',
  route: '/v2/users/{id}',
  idempotent: true,
  credential: { header: 'x-api-key', value: 'sandbox-admin-key' },
};

async function addFault(sandbox: RunningSandbox, rule: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules: [rule] }),
  });
  expect(response.status).toBe(200);
}

async function failureOf(promise: Promise<unknown>): Promise<EcgridError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(EcgridError);
  return error as EcgridError;
}

describe('transport deadline and aborts', () => {
  let sandbox: RunningSandbox;
  let transport: EcgridTransport;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    transport = new EcgridTransport({
      baseUrl: sandbox.url,
      timeoutMs: 300,
      connections: 4,
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await transport.close();
    await sandbox.close();
  });
  beforeEach(() => sandbox.reset());

  it('returns data before the deadline', async () => {
    const user = (await transport.send(GET_USER)) as { userId: number };
    expect(user.userId).toBe(1042);
  });

  it('times out a hung call', async () => {
    await addFault(sandbox, { path: '/v2/users/{id}', kind: 'hang', times: 1 });
    const started = performance.now();
    const error = await failureOf(transport.send(GET_USER));
    expect(error.kind).toBe('timeout');
    expect(error.status).toBeNull();
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('times out a stalled body', async () => {
    await addFault(sandbox, { path: '/v2/users/{id}', kind: 'partial', times: 1 });
    const error = await failureOf(transport.send(GET_USER));
    expect(error.kind).toBe('timeout');
    expect(error.status).toBe(200);
  });

  it('reports a reset connection', async () => {
    await addFault(sandbox, { path: '/v2/users/{id}', kind: 'reset', times: 1 });
    const error = await failureOf(transport.send(GET_USER));
    expect(error.kind).toBe('reset');
  });

  it('abandons a call when the client leaves', async () => {
    await addFault(sandbox, { path: '/v2/users/{id}', kind: 'hang', times: 2 });
    const client = new AbortController();
    const first = transport.send({ ...GET_USER, signal: client.signal });
    const second = transport.send({ ...GET_USER, signal: client.signal });
    setTimeout(() => client.abort(), 50);
    expect((await failureOf(first)).kind).toBe('aborted');
    expect((await failureOf(second)).kind).toBe('aborted');
  });

  it('abandons at once when already aborted', async () => {
    const error = await failureOf(transport.send({ ...GET_USER, signal: AbortSignal.abort() }));
    expect(error.kind).toBe('aborted');
  });

  it('keeps working after failures', async () => {
    const user = (await transport.send(GET_USER)) as { userId: number };
    expect(user.userId).toBe(1042);
  });
});
