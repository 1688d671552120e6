import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { ClientError, GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayClient } from '../../client/gateway-client.js';
import { MeDocument, SendSmsDocument, UserDocument } from '../../client/generated.js';
import { type Stack, startStack } from '../helpers/stack.js';

/** `me` succeeds while `user` fails, so the result has partial data. */
const ME_AND_USER: TypedDocumentNode<
  { me: { id: string }; user: { id: string } | null },
  Record<string, never>
> = parse(`
  query MeAndUser {
    me {
      id
    }
    user(id: "1043") {
      id
    }
  }
`);
const USER_FAULT = { kind: 'status', path: '/v2/users/1043', status: 503 };

let stack: Stack;
const methods: string[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  methods.push(init?.method ?? 'GET');
  return fetch(input, init);
};

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(async () => {
  methods.length = 0;
  await stack.reset();
});

describe('graphql-request 7 behaviour', () => {
  it('throws on partial data', async () => {
    await stack.faults([USER_FAULT]);
    const error = await stack
      .client()
      .request(ME_AND_USER)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClientError);
    const { response } = error as ClientError;
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ me: { id: '1' }, user: null });
    expect(response.errors?.map((item) => item.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(response.errors?.[0]?.path).toEqual(['user']);
  });

  it('drops errors under errorPolicy all', async () => {
    await stack.faults([USER_FAULT]);
    const client = new GraphQLClient(stack.endpoint, { errorPolicy: 'all' });
    expect(await client.request(ME_AND_USER)).toEqual({ me: { id: '1' }, user: null });
  });

  it('posts mutations of a GET client', async () => {
    const client = new GraphQLClient(stack.endpoint, {
      method: 'GET',
      headers: { 'x-ecgrid-csrf': '1' },
      fetch: recordingFetch,
    });
    await client.request(UserDocument, { id: '1042' });
    const result = await client.request(SendSmsDocument, { userId: '1043', message: 'Hi' });
    expect(result.sendSms.__typename).toBe('SmsNotDeliverableError');
    expect(methods).toEqual(['GET', 'POST']);
  });
});

describe('GatewayClient', () => {
  it('returns partial data with codes', async () => {
    await stack.faults([USER_FAULT]);
    const client = new GatewayClient({ endpoint: stack.endpoint });
    const result = await client.execute(ME_AND_USER, {});
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ me: { id: '1' }, user: null });
    expect(result.errors.map((item) => item.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });

  it('returns typed errors as data', async () => {
    const client = new GatewayClient({ endpoint: stack.endpoint });
    const result = await client.execute(SendSmsDocument, { userId: '1043', message: 'Hi' });
    expect(result.errors).toEqual([]);
    expect(result.data?.sendSms).toEqual({
      __typename: 'SmsNotDeliverableError',
      reason: 'NO_CELL_PHONE',
      message: 'User 1043 has no cell phone number configured.',
    });
    expect(await stack.sms()).toEqual([]);
  });

  it('reports a rejected credential', async () => {
    const client = new GatewayClient({
      endpoint: stack.endpoint,
      headers: () => ({ 'x-api-key': 'revoked-key' }),
    });
    const result = await client.execute(MeDocument, {});
    expect(result.data).toBeNull();
    expect(result.errors.map((item) => item.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('sends queries as GET, mutations as POST', async () => {
    const client = new GatewayClient({
      endpoint: stack.endpoint,
      queryMethod: 'GET',
      fetch: recordingFetch,
    });
    const user = await client.execute(UserDocument, { id: '1042' });
    expect(user.data?.user?.login).toBe('parcel.ops');
    const sent = await client.execute(SendSmsDocument, { userId: '1042', message: 'Hi' });
    expect(sent.data?.sendSms.__typename).toBe('SmsSubmitted');
    expect(methods).toEqual(['GET', 'POST']);
    expect(await stack.sms()).toHaveLength(1);
  });
});
