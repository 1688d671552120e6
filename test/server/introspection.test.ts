import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/http.js';
import { type Stack, startStack } from '../helpers/stack.js';

const TYPO_FIELD = '{ usr(id: 1042) { id } }';
const TYPO_ENUM =
  'mutation { updateUserSmsSettings(userId: 1042, cellCarrier: VERIZONN) { __typename } }';
const ENUM_VARIABLE =
  'mutation ($carrier: CellCarrier) { updateUserSmsSettings(userId: 1042, cellCarrier: $carrier) { __typename } }';

async function firstMessage(stack: Stack, query: string, variables?: Record<string, unknown>) {
  const response = await postJson(stack.endpoint, { query, variables });
  return response.json?.errors?.[0]?.message;
}

describe('introspection by default', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('serves the schema', async () => {
    const response = await postJson(stack.endpoint, {
      query: '{ __schema { queryType { name } } }',
    });
    expect(response.json).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('suggests field names', async () => {
    expect(await firstMessage(stack, TYPO_FIELD)).toBe(
      'Cannot query field "usr" on type "Query". Did you mean "user" or "users"?',
    );
  });
});

describe('introspection when disabled', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPHQL_INTROSPECTION: 'false' } });
  });
  afterAll(() => stack.close());

  it('rejects __schema and __type', async () => {
    expect(await firstMessage(stack, '{ __schema { queryType { name } } }')).toBe(
      'GraphQL introspection has been disabled, but the requested query contained the field "__schema".',
    );
    expect(await firstMessage(stack, '{ __type(name: "User") { name } }')).toBe(
      'GraphQL introspection has been disabled, but the requested query contained the field "__type".',
    );
  });

  it('still answers __typename', async () => {
    const response = await postJson(stack.endpoint, { query: '{ __typename }' });
    expect(response.json).toEqual({ data: { __typename: 'Query' } });
  });

  it('hides field name suggestions', async () => {
    expect(await firstMessage(stack, TYPO_FIELD)).toBe('Cannot query field "usr" on type "Query".');
  });

  it('hides enum value suggestions', async () => {
    expect(await firstMessage(stack, TYPO_ENUM)).toBe(
      'Value "VERIZONN" does not exist in "CellCarrier" enum.',
    );
    expect(await firstMessage(stack, ENUM_VARIABLE, { carrier: 'VERIZONN' })).toBe(
      'Variable "$carrier" got invalid value "VERIZONN"; Value "VERIZONN" does not exist in "CellCarrier" enum.',
    );
  });
});

describe('errors in production', () => {
  let stack: Stack;
  beforeAll(async () => {
    // One attempt, so that the single 503 below reaches the client instead of being retried.
    stack = await startStack({ env: { NODE_ENV: 'production', ECGRID_RETRY_ATTEMPTS: '1' } });
  });
  afterAll(() => stack.close());

  it('keep the codes of expected errors', async () => {
    await stack.faults([{ path: '/v2/users/{id}', kind: 'status', status: 503, times: 1 }]);
    const response = await postJson(stack.endpoint, { query: '{ user(id: 1042) { id } }' });
    expect(response.json?.errors?.[0]?.message).toBe(
      'ECGrid is unavailable: users.get returned HTTP 503.',
    );
    expect(response.json?.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const invalid = await postJson(stack.endpoint, {
      query:
        'mutation { sendSms(userId: 1042, message: "") { __typename ... on EcgridValidationError { issues { path } } } }',
    });
    expect(invalid.json?.data).toEqual({
      sendSms: { __typename: 'EcgridValidationError', issues: [{ path: ['message'] }] },
    });
  });
});
