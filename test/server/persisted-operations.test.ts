import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadPersistedOperations } from '../../src/server/use-persisted-operations.js';
import { postJson, send } from '../helpers/http.js';
import { type Stack, startStack } from '../helpers/stack.js';

const USER = 'query User($id: ID!) { user(id: $id) { id login } }';
const SEND_SMS =
  'mutation SendSms($userId: ID!, $message: String!) { sendSms(userId: $userId, message: $message) { __typename } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe('persisted operations allow-list', () => {
  let stack: Stack;
  let folder: string;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'persisted-'));
    const file = join(folder, 'persisted-documents.json');
    writeFileSync(file, JSON.stringify({ [sha256(USER)]: USER, [sha256(SEND_SMS)]: SEND_SMS }));
    stack = await startStack({ env: { PERSISTED_OPERATIONS_FILE: file } });
  });
  afterAll(async () => {
    await stack.close();
    rmSync(folder, { recursive: true });
  });
  beforeEach(() => stack.reset());

  it('runs a listed query by hash', async () => {
    const response = await postJson(stack.endpoint, {
      variables: { id: '1042' },
      extensions: persisted(sha256(USER)),
    });
    expect(response.json).toEqual({ data: { user: { id: '1042', login: 'parcel.ops' } } });
  });

  it('runs a listed query over GET', async () => {
    const params = new URLSearchParams({
      variables: JSON.stringify({ id: '1042' }),
      extensions: JSON.stringify(persisted(sha256(USER))),
    });
    const response = await send(`${stack.endpoint}?${params}`, {
      headers: { 'x-ecgrid-csrf': '1' },
    });
    expect(response.json).toEqual({ data: { user: { id: '1042', login: 'parcel.ops' } } });
  });

  it('runs a listed mutation by hash', async () => {
    const response = await postJson(stack.endpoint, {
      variables: { userId: '1042', message: 'Parcel ready.' },
      extensions: persisted(sha256(SEND_SMS)),
    });
    expect(response.json).toEqual({ data: { sendSms: { __typename: 'SmsSubmitted' } } });
    expect(await stack.sms()).toHaveLength(1);
  });

  it('rejects an unknown hash', async () => {
    const other = 'mutation { sendSms(userId: 1042, message: "x") { __typename } }';
    const response = await postJson(stack.endpoint, { extensions: persisted(sha256(other)) });
    expect(response.json?.errors?.[0]?.message).toBe(
      'No persisted operation has this hash; only the operations of the allow-list run.',
    );
    expect(response.json?.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(await stack.requests()).toEqual([]);
  });

  it('rejects a query text', async () => {
    const response = await postJson(stack.endpoint, { query: USER, variables: { id: '1042' } });
    expect(response.json?.errors?.[0]?.message).toBe(
      'This gateway runs only persisted operations: send the hash instead of the query text.',
    );
    expect(response.json?.errors?.[0]?.extensions?.code).toBe('CANNOT_SEND_PQ_ID_AND_BODY');
    expect(await stack.requests()).toEqual([]);
  });

  it('rejects a request without hash', async () => {
    const response = await postJson(stack.endpoint, { variables: { id: '1042' } });
    expect(response.json?.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
    expect(await stack.requests()).toEqual([]);
  });
});

describe('persisted operations file', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'persisted-'));
  });
  afterAll(() => rmSync(folder, { recursive: true }));

  it('rejects a document that does not parse', () => {
    const file = join(folder, 'broken.json');
    writeFileSync(file, JSON.stringify({ abc: 'query {' }));
    expect(() => loadPersistedOperations(file)).toThrow(
      `PERSISTED_OPERATIONS_FILE ${file}: operation abc is invalid: Syntax Error: Expected Name, found <EOF>.`,
    );
  });

  it('rejects a file that is not a map', () => {
    const file = join(folder, 'list.json');
    writeFileSync(file, JSON.stringify([USER]));
    expect(() => loadPersistedOperations(file)).toThrow(
      `PERSISTED_OPERATIONS_FILE ${file} must be a JSON object from operation hash to GraphQL document.`,
    );
  });
});
