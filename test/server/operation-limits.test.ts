import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/http.js';
import { type Stack, startStack } from '../helpers/stack.js';

/** Every field of User, for the largest page a frontend can ask for. */
const ALL_USER_FIELDS = `id login email firstName lastName company phone cellPhone cellCarrier
  cellCarrierRaw smsReady authLevel authLevelRaw status statusRaw networkId mailboxId
  timeZoneOffset lockedOut openSessions createdAt modifiedAt lastLoginAt`;

describe('operation limits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        GRAPHQL_MAX_DEPTH: '3',
        GRAPHQL_MAX_ALIASES: '2',
        GRAPHQL_MAX_TOKENS: '60',
        GRAPHQL_MAX_DIRECTIVES: '2',
        GRAPHQL_MAX_COST: '100',
      },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  async function expectRejected(query: string, limit: string, max: number, message: string) {
    const response = await postJson(stack.endpoint, { query });
    expect(response.status).toBe(200);
    expect(response.json?.data).toBeUndefined();
    expect(response.json?.errors).toHaveLength(1);
    expect(response.json?.errors?.[0]?.message).toBe(message);
    expect(response.json?.errors?.[0]?.extensions).toEqual({
      code: 'OPERATION_LIMIT_EXCEEDED',
      retryable: false,
      limit,
      max,
    });
    expect(await stack.requests()).toEqual([]);
  }

  it('rejects too deep operations', async () => {
    await expectRejected(
      '{ users { edges { node { id } } } }',
      'depth',
      3,
      'Operation rejected: Query depth limit of 3 exceeded, found 4.',
    );
  });

  it('rejects too many aliases', async () => {
    await expectRejected(
      '{ a: user(id: 1042) { id } b: user(id: 1043) { id } c: user(id: 1044) { id } }',
      'aliases',
      2,
      'Operation rejected: Aliases limit of 2 exceeded, found 3.',
    );
  });

  it('rejects too many tokens', async () => {
    const fields = Array.from({ length: 60 }, () => 'id').join(' ');
    await expectRejected(
      `{ me { ${fields} } }`,
      'tokens',
      60,
      'Operation rejected: Token limit of 60 exceeded.',
    );
  });

  it('rejects too many directives', async () => {
    await expectRejected(
      '{ me { id @include(if: true) login @include(if: true) email @skip(if: false) } }',
      'directives',
      2,
      'Operation rejected: Directives limit of 2 exceeded, found 3.',
    );
  });

  it('rejects too costly operations', async () => {
    await expectRejected(
      '{ users(first: 20) { nodes { id login } } }',
      'cost',
      100,
      'Operation rejected: Query Cost limit of 100 exceeded, found 190.',
    );
  });

  it('runs operations within every limit', async () => {
    const response = await postJson(stack.endpoint, { query: '{ user(id: 1042) { id } }' });
    expect(response.json).toEqual({ data: { user: { id: '1042' } } });
  });
});

describe('default operation limits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('admit the largest users page', async () => {
    const query = `{ users(first: 100) { totalCount pageInfo { hasNextPage endCursor startCursor hasPreviousPage }
      edges { cursor node { ${ALL_USER_FIELDS} } } } }`;
    const response = await postJson(stack.endpoint, { query });
    expect(response.json?.errors).toBeUndefined();
    const users = response.json?.data?.users as { edges: unknown[] };
    expect(users.edges.length).toBeGreaterThan(20);
  });

  it('admit the GraphiQL introspection query', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const response = await postJson(stack.endpoint, { query });
    expect(response.json?.errors).toBeUndefined();
    expect(response.json?.data?.__schema).toBeDefined();
  });
});
