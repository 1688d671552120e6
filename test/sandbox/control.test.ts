import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { ADMIN_KEY, asAdmin, call, PARCEL_OPS_KEY, startTestSandbox } from './helpers.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

async function requests() {
  return (await call(sandbox, 'GET', '/_sandbox/requests')).json.requests;
}

describe('request log', () => {
  it('records route, caller and request id', async () => {
    await call(sandbox, 'GET', '/v2/users/1042?verbose=1', {
      apiKey: PARCEL_OPS_KEY,
      headers: { 'x-request-id': 'req-7' },
    });
    await call(sandbox, 'GET', '/v2/users/me', { apiKey: 'wrong' });
    await call(sandbox, 'GET', '/v2/auth/version');
    const log = await requests();
    expect(log).toHaveLength(3);
    expect(log[0]).toMatchObject({
      method: 'GET',
      path: '/v2/users/1042',
      route: '/v2/users/{id}',
      status: 200,
      callerUserId: 1042,
      requestId: 'req-7',
    });
    expect(log[0].durationMs).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(Date.parse(log[0].time))).toBe(false);
    expect(log[1]).toMatchObject({ route: '/v2/users/me', status: 401, callerUserId: null });
    expect(log[1].requestId).toBeNull();
    expect(log[2]).toMatchObject({ route: '/v2/auth/version', status: 200, callerUserId: null });
  });

  it('records unknown routes with null route', async () => {
    await asAdmin(sandbox, 'POST', '/v2/users/nothing', {});
    const log = await requests();
    expect(log).toEqual([expect.objectContaining({ route: null, status: 404, callerUserId: 1 })]);
  });

  it('omits control routes', async () => {
    await call(sandbox, 'GET', '/_sandbox/sms');
    await call(sandbox, 'GET', '/_sandbox/requests');
    expect(await requests()).toEqual([]);
  });

  it('holds no credentials or texts', async () => {
    await asAdmin(sandbox, 'POST', '/v2/users/send-sms', { userId: 1042, message: 'secret text' });
    const text = (await call(sandbox, 'GET', '/_sandbox/requests')).text;
    expect(text).not.toContain(ADMIN_KEY);
    expect(text).not.toContain('secret text');
  });

  it('clears on DELETE', async () => {
    await asAdmin(sandbox, 'GET', '/v2/users/me');
    await asAdmin(sandbox, 'GET', '/v2/users/me');
    const cleared = await call(sandbox, 'DELETE', '/_sandbox/requests');
    expect(cleared.json).toEqual({ cleared: 2 });
    expect(await requests()).toEqual([]);
  });

  it('clears on reset', async () => {
    await asAdmin(sandbox, 'GET', '/v2/users/me');
    await call(sandbox, 'POST', '/_sandbox/reset');
    expect(await requests()).toEqual([]);
  });
});

describe('control routes', () => {
  it('reports an unknown control route', async () => {
    const result = await call(sandbox, 'GET', '/_sandbox/nothing');
    expect(result.status).toBe(404);
    expect(result.json).toEqual({ error: 'no control route GET /_sandbox/nothing' });
  });

  it('clears SMS messages on DELETE', async () => {
    await asAdmin(sandbox, 'POST', '/v2/users/send-sms', { userId: 1042, message: 'x' });
    expect((await call(sandbox, 'DELETE', '/_sandbox/sms')).json).toEqual({ cleared: 1 });
    expect((await call(sandbox, 'GET', '/_sandbox/sms')).json).toEqual({ messages: [] });
  });

  it('handleControl serves only control routes', async () => {
    const mounted = createSandbox();
    const server = createServer(mounted.handleControl);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const sms = await request(`${base}/_sandbox/sms`);
      expect(sms.statusCode).toBe(200);
      expect(await sms.body.json()).toEqual({ messages: [] });
      const api = await request(`${base}/v2/users/me`, { headers: { 'x-api-key': ADMIN_KEY } });
      expect(api.statusCode).toBe(404);
      expect(await api.body.json()).toEqual({ error: 'no control route GET /v2/users/me' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('options', () => {
  it('replaces the administrator key', async () => {
    const custom = await startTestSandbox({ adminApiKey: 'replaced-admin-key' });
    try {
      expect(custom.adminApiKey).toBe('replaced-admin-key');
      const fresh = await call(custom, 'GET', '/v2/users/me', { apiKey: 'replaced-admin-key' });
      expect(fresh.json.data.userId).toBe(1);
      const old = await call(custom, 'GET', '/v2/users/me', { apiKey: ADMIN_KEY });
      expect(old.status).toBe(401);
    } finally {
      await custom.close();
    }
  });

  it('exposes the default administrator key', () => {
    expect(sandbox.adminApiKey).toBe(ADMIN_KEY);
  });

  it('rejects an administrator key already in use', () => {
    expect(() => createSandbox({ adminApiKey: PARCEL_OPS_KEY })).toThrow(
      'invalid sandbox seed (with adminApiKey applied): users[1]: apiKey is already used by users[0]',
    );
  });

  it('delays answers by latencyMs', async () => {
    const slow = await startTestSandbox({ latencyMs: 150 });
    try {
      const started = performance.now();
      const result = await call(slow, 'GET', '/v2/auth/version');
      expect(result.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    } finally {
      await slow.close();
    }
  });
});
