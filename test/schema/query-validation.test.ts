import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { upstreamCalls } from '../helpers/operations.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

const ID_RULE = 'must be an integer from 1 to 2147483647';

interface Case {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  argument: string;
  path: string[];
  rule: string;
}

const USER = 'query User($id: ID!) { user(id: $id) { id } }';
const BY_LOGIN = 'query ByLogin($login: String!) { usersByLogin(login: $login) { id } }';
const USERS =
  'query Users($first: Int, $after: String, $filter: UserFilter) { users(first: $first, after: $after, filter: $filter) { nodes { id } } }';
const foreignCursor = Buffer.from('offset:abc').toString('base64url');
const paddedCursor = `${Buffer.from('offset:3').toString('base64url')}==`;

const cases: Case[] = [
  ...['0', '-7', '2147483648', 'abc', '1e3', '0x10', 0, 2147483648].map((id) => ({
    name: `user id ${JSON.stringify(id)}`,
    query: USER,
    variables: { id },
    argument: 'id',
    path: ['id'],
    rule: ID_RULE,
  })),
  ...['', '   ', '\u3000'].map((login) => ({
    name: `login ${JSON.stringify(login)}`,
    query: BY_LOGIN,
    variables: { login },
    argument: 'login',
    path: ['login'],
    rule: 'must not be empty or only white space',
  })),
  {
    name: 'login over 128 characters',
    query: BY_LOGIN,
    variables: { login: 'a'.repeat(129) },
    argument: 'login',
    path: ['login'],
    rule: 'must be at most 128 characters',
  },
  ...['a\u0000b', 'tab\there', 'line\nbreak', 'c1\u009b'].map((login) => ({
    name: `login ${JSON.stringify(login)}`,
    query: BY_LOGIN,
    variables: { login },
    argument: 'login',
    path: ['login'],
    rule: 'must not contain control characters',
  })),
  ...[0, -1, 101].map((first) => ({
    name: `first ${first}`,
    query: USERS,
    variables: { first },
    argument: 'first',
    path: ['first'],
    rule: 'must be an integer from 1 to 100',
  })),
  ...['xyz', '', foreignCursor, paddedCursor].map((after) => ({
    name: `cursor ${JSON.stringify(after)}`,
    query: USERS,
    variables: { after },
    argument: 'after',
    path: ['after'],
    rule: 'must be a cursor returned by this API (endCursor)',
  })),
  {
    name: 'filter networkId 0',
    query: USERS,
    variables: { filter: { networkId: 0 } },
    argument: 'filter',
    path: ['filter', 'networkId'],
    rule: ID_RULE,
  },
  {
    name: 'filter mailboxId -1',
    query: USERS,
    variables: { filter: { mailboxId: -1 } },
    argument: 'filter',
    path: ['filter', 'mailboxId'],
    rule: 'must be an integer from 0 to 2147483647',
  },
  ...['authLevel', 'status'].map((field) => ({
    name: `filter ${field} UNKNOWN`,
    query: USERS,
    variables: { filter: { [field]: 'UNKNOWN' } },
    argument: 'filter',
    path: ['filter', field],
    rule: 'UNKNOWN is not valid as input',
  })),
];

describe('query validation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  for (const testCase of cases) {
    it(`rejects ${testCase.name}`, async () => {
      const body = await post(stack.endpoint, testCase.query, testCase.variables);
      expect(body.errors).toHaveLength(1);
      const error = body.errors?.[0];
      expect(error?.message).toBe(`Invalid argument ${testCase.path.join('.')}: ${testCase.rule}`);
      expect(error?.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        retryable: false,
        argument: testCase.argument,
        issues: [{ path: testCase.path, message: testCase.rule }],
      });
      expect(await upstreamCalls(stack)).toEqual([]);
    });
  }

  it('accepts a 128-character login', async () => {
    const body = await post(stack.endpoint, BY_LOGIN, { login: 'é'.repeat(128) });
    expect(body).toEqual({ data: { usersByLogin: [] } });
    expect(await upstreamCalls(stack)).toEqual(['POST /v2/users/by-name']);
  });

  it('rejects a variable of the wrong type', async () => {
    const body = await post(stack.endpoint, USERS, { first: 1.5 });
    expect(body.errors).toEqual([
      expect.objectContaining({
        message:
          'Variable "$first" got invalid value 1.5; Int cannot represent non-integer value: 1.5',
        extensions: { code: 'BAD_USER_INPUT', retryable: false },
      }),
    ]);
    expect(await upstreamCalls(stack)).toEqual([]);
  });

  it('rejects a missing required variable', async () => {
    const body = await post(stack.endpoint, USER, {});
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Variable "$id" of required type "ID!" was not provided.',
        extensions: { code: 'BAD_USER_INPUT', retryable: false },
      }),
    ]);
  });
});
