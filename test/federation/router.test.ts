import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSeed } from '../../src/sandbox/seed.js';
import { post, type Stack, startStack } from '../helpers/stack.js';
import { type RunningRouter, startRouter } from './router.js';
import { type RunningSubgraph, SHIFTS_SDL, startShiftsSubgraph } from './shifts-subgraph.js';

const SHIFTS = `
  query Shifts($userIds: [ID!]!) {
    shifts(userIds: $userIds) {
      id
      user {
        id
        login
      }
    }
  }
`;

const ADMIN = { 'x-api-key': 'sandbox-admin-key' };
const LOGINS = new Map(defaultSeed().users.map((user) => [String(user.userId), user.login]));

/** Lists the paths of the ECGrid user calls that the sandbox received. */
async function userCalls(stack: Stack): Promise<string[]> {
  const requests = await stack.requests();
  return requests.filter((r) => r.route === '/v2/users/{id}').map((r) => r.path);
}

/** 100 user ids: 44 seeded users, some named up to three times, and 7 unknown ids, repeated. */
function mixedUserIds(): string[] {
  const known = ['1042', '1043', '1044', '1050'];
  for (let id = 1100; id < 1140; id++) known.push(String(id));
  return Array.from({ length: 100 }, (_, index) => {
    if (index < 60) return known[index % known.length] as string;
    if (index < 80) return String(990_000 + (index % 7));
    return known[(index * 7) % known.length] as string;
  });
}

describe('federated through Hive Gateway', () => {
  let stack: Stack;
  let shifts: RunningSubgraph;
  let router: RunningRouter;
  beforeAll(async () => {
    // No server key: every ECGrid call must carry the credential that the router forwards.
    stack = await startStack({ serverApiKey: null });
    shifts = await startShiftsSubgraph();
    router = await startRouter(stack.endpoint, [
      { name: 'shifts', url: shifts.url, sdl: SHIFTS_SDL },
    ]);
  });
  afterAll(async () => {
    await router?.close();
    await shifts?.close();
    await stack?.close();
  });
  beforeEach(() => stack.reset());

  it('reads one user across subgraphs', async () => {
    const query = '{ user(id: "1042") { id login shifts { id } } }';
    const body = await post(router.endpoint, query, {}, ADMIN);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      user: { id: '1042', login: 'parcel.ops', shifts: [{ id: 'night-1042' }] },
    });
    expect(await userCalls(stack)).toEqual(['/v2/users/1042']);
  });

  it('resolves 100 mixed user references', async () => {
    const userIds = mixedUserIds();
    const body = await post(router.endpoint, SHIFTS, { userIds }, ADMIN);
    expect(body.errors).toBeUndefined();
    // An unknown id resolves null in this subgraph, so the router keeps the id that the shifts
    // subgraph sent and returns null for every field of this subgraph.
    const expected = userIds.map((id, index) => ({
      id: `shift-${index + 1}`,
      user: { id, login: LOGINS.get(id) ?? null },
    }));
    expect(body.data).toEqual({ shifts: expected });
    const distinct = [...new Set(userIds)];
    expect(distinct).toHaveLength(51);
    const calls = await userCalls(stack);
    expect(calls.sort()).toEqual(distinct.map((id) => `/v2/users/${id}`).sort());
  });

  it('forwards the X-API-Key credential', async () => {
    const headers = { 'x-api-key': 'parcel-ops-key' };
    const body = await post(router.endpoint, SHIFTS, { userIds: ['1043', '2001'] }, headers);
    expect(body.errors).toBeUndefined();
    // 2001 belongs to another network, so the credential of user 1042 may not see it.
    expect(body.data).toEqual({
      shifts: [
        { id: 'shift-1', user: { id: '1043', login: 'receiving.desk' } },
        { id: 'shift-2', user: { id: '2001', login: null } },
      ],
    });
    const callers = (await stack.requests()).map((request) => request.callerUserId);
    expect(callers).toEqual([1042, 1042]);
    const shiftsHeaders = shifts.requestHeaders.at(-1);
    expect(shiftsHeaders?.get('x-api-key')).toBeNull();
  });

  it('forwards the Bearer credential', async () => {
    const login = await fetch(`${stack.sandbox.url}/v2/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'mailbox.admin', password: 'mailbox-admin-password' }),
    });
    const { data } = (await login.json()) as { data: { token: string } };
    const headers = { authorization: `Bearer ${data.token}` };
    const body = await post(router.endpoint, SHIFTS, { userIds: ['1042'] }, headers);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      shifts: [{ id: 'shift-1', user: { id: '1042', login: 'parcel.ops' } }],
    });
    const calls = (await stack.requests()).filter((r) => r.route === '/v2/users/{id}');
    expect(calls.map((request) => request.callerUserId)).toEqual([1050]);
  });

  it('answers UNAUTHENTICATED without a credential', async () => {
    const body = await post(router.endpoint, SHIFTS, { userIds: ['1042'] });
    expect(body.data).toEqual({ shifts: [{ id: 'shift-1', user: { id: '1042', login: null } }] });
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.path).toEqual(['shifts', 0, 'user', 'login']);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await stack.requests()).toEqual([]);
  });

  it('places an upstream failure at its path', async () => {
    await stack.faults([{ kind: 'status', method: 'GET', path: '/v2/users/1043', status: 500 }]);
    const body = await post(router.endpoint, SHIFTS, { userIds: ['1042', '1043', '1044'] }, ADMIN);
    expect(body.data).toEqual({
      shifts: [
        { id: 'shift-1', user: { id: '1042', login: 'parcel.ops' } },
        { id: 'shift-2', user: { id: '1043', login: null } },
        { id: 'shift-3', user: { id: '1044', login: 'night.shift' } },
      ],
    });
    expect(body.errors).toHaveLength(1);
    // Hive Gateway places an entity's error on the first field it asked this subgraph for.
    expect(body.errors?.[0]?.path).toEqual(['shifts', 1, 'user', 'login']);
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_ERROR',
      upstreamStatus: 500,
      serviceName: 'ecgrid',
    });
  });

  it('rejects a malformed id at its path', async () => {
    const body = await post(router.endpoint, SHIFTS, { userIds: ['1042', 'abc'] }, ADMIN);
    expect(body.data).toEqual({
      shifts: [
        { id: 'shift-1', user: { id: '1042', login: 'parcel.ops' } },
        { id: 'shift-2', user: { id: 'abc', login: null } },
      ],
    });
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.path).toEqual(['shifts', 1, 'user', 'login']);
    expect(body.errors?.[0]?.message).toBe(
      'Invalid argument representations.id: must be an integer from 1 to 2147483647',
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await userCalls(stack)).toEqual(['/v2/users/1042']);
  });
});
