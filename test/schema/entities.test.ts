import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { post, type Stack, startStack } from '../helpers/stack.js';

const ENTITIES = `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on User {
        id
        login
      }
    }
  }
`;

const user = (id: unknown) => ({ __typename: 'User', id });

function userCalls(requests: { route: string | null; path: string }[]): string[] {
  return requests.filter((request) => request.route === '/v2/users/{id}').map((r) => r.path);
}

describe('_entities for User', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { LOADER_CONCURRENCY: '3' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  it('answers each representation in order', async () => {
    const representations = [user('1042'), user('9999999'), user('1042'), user('2001'), user(1043)];
    const body = await post(stack.endpoint, ENTITIES, { representations });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      _entities: [
        { id: '1042', login: 'parcel.ops' },
        null,
        { id: '1042', login: 'parcel.ops' },
        { id: '2001', login: 'network.admin' },
        { id: '1043', login: 'receiving.desk' },
      ],
    });
    const calls = userCalls(await stack.requests());
    expect(calls.sort()).toEqual([
      '/v2/users/1042',
      '/v2/users/1043',
      '/v2/users/2001',
      '/v2/users/9999999',
    ]);
  });

  it('answers null for an invisible user', async () => {
    const representations = [user('2001'), user('1043')];
    const headers = { 'x-api-key': 'parcel-ops-key' };
    const body = await post(stack.endpoint, ENTITIES, { representations }, headers);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ _entities: [null, { id: '1043', login: 'receiving.desk' }] });
  });

  it('rejects malformed ids at their positions', async () => {
    const representations = [user('1042'), user('abc'), user(0), { __typename: 'User' }];
    const body = await post(stack.endpoint, ENTITIES, { representations });
    expect(body.data).toEqual({
      _entities: [{ id: '1042', login: 'parcel.ops' }, null, null, null],
    });
    expect(body.errors?.map((error) => error.path)).toEqual([
      ['_entities', 1],
      ['_entities', 2],
      ['_entities', 3],
    ]);
    for (const error of body.errors ?? []) {
      expect(error.message).toBe(
        'Invalid argument representations.id: must be an integer from 1 to 2147483647',
      );
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.argument).toBe('representations');
    }
    expect(userCalls(await stack.requests())).toEqual(['/v2/users/1042']);
  });

  it('fetches concurrently up to the limit', async () => {
    // Every user call takes 800 ms, so calls that start within 400 ms of the first one ran
    // together, and the limit of 3 lets exactly three do so.
    await stack.faults([{ kind: 'latency', method: 'GET', path: '/v2/users/{id}', ms: 800 }]);
    const ids = ['1100', '1101', '1102', '1103', '1104', '1105'];
    const body = await post(stack.endpoint, ENTITIES, { representations: ids.map(user) });
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toHaveLength(6);
    const log = await stack.requests();
    const starts = log
      .filter((request) => request.route === '/v2/users/{id}')
      .map((request) => Date.parse((request as unknown as { time: string }).time));
    expect(starts).toHaveLength(6);
    const first = Math.min(...starts);
    expect(starts.filter((start) => start - first < 400)).toHaveLength(3);
  });
});
