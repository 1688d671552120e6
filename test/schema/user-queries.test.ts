import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { USER_FIELDS, upstreamCalls } from '../helpers/operations.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

const USERS_PAGE = `
  query Users($first: Int, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id } }
      nodes { id }
    }
  }
`;

interface UsersPage {
  totalCount: number | null;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  edges: { cursor: string; node: { id: string } }[];
  nodes: { id: string }[];
}

describe('user queries', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  const usersPage = async (variables: Record<string, unknown>) =>
    (await stack.client().request<{ users: UsersPage }>(USERS_PAGE, variables)).users;

  it('user returns every field', async () => {
    const data = await stack.client().request(`{ user(id: "1042") { ${USER_FIELDS} } }`);
    expect(data).toEqual({
      user: {
        id: '1042',
        login: 'parcel.ops',
        email: 'parcel.ops@northwind-parcel.test',
        firstName: 'Dana',
        lastName: 'Whitfield',
        company: 'Northwind Parcel Logistics',
        phone: '+12155550140',
        cellPhone: '+12155550142',
        cellCarrier: 'VERIZON',
        cellCarrierRaw: 'Verizon',
        timeZoneOffset: -5,
        networkId: 100,
        mailboxId: 5001,
        authLevel: 'MAILBOX_USER',
        authLevelRaw: 'MailboxUser',
        status: 'ACTIVE',
        statusRaw: 'Active',
        createdAt: '2021-06-03T13:12:09.000Z',
        modifiedAt: '2025-11-18T10:02:44.000Z',
        lastLoginAt: '2026-05-06T07:41:18.000Z',
        lockedOut: false,
        openSessions: 2,
        smsReady: true,
      },
    });
  });

  it('user is null when not found', async () => {
    const body = await post(stack.endpoint, '{ user(id: "999999") { id } }');
    expect(body).toEqual({ data: { user: null } });
    expect(await upstreamCalls(stack)).toEqual(['GET /v2/users/{id}']);
  });

  it('user is null when invisible', async () => {
    const headers = { 'x-api-key': 'network-200-admin-key' };
    const body = await post(stack.endpoint, '{ user(id: "1042") { id } }', {}, headers);
    expect(body).toEqual({ data: { user: null } });
  });

  it('user schema hides the recovery question', async () => {
    const body = await post(stack.endpoint, '{ user(id: "1042") { recoveryQuestion } }');
    expect(body.errors?.[0]?.message).toBe('Cannot query field "recoveryQuestion" on type "User".');
    expect(await upstreamCalls(stack)).toEqual([]);
  });

  it('me returns the caller', async () => {
    const data = await stack
      .client({ 'x-api-key': 'parcel-ops-key' })
      .request('{ me { id login authLevel } }');
    expect(data).toEqual({ me: { id: '1042', login: 'parcel.ops', authLevel: 'MAILBOX_USER' } });
  });

  it('usersByLogin returns every network', async () => {
    const data = await stack
      .client()
      .request('{ usersByLogin(login: "parcel.ops") { id networkId firstName } }');
    expect(data).toEqual({
      usersByLogin: [
        { id: '1042', networkId: 100, firstName: 'Dana' },
        { id: '2003', networkId: 200, firstName: 'Lena' },
      ],
    });
  });

  it('usersByLogin returns empty for unknown', async () => {
    const data = await stack.client().request('{ usersByLogin(login: "nobody.here") { id } }');
    expect(data).toEqual({ usersByLogin: [] });
  });

  it('users walks all pages', async () => {
    const seen: string[] = [];
    const pages: UsersPage[] = [];
    let after: string | null = null;
    do {
      const page = await usersPage({ first: 25, after });
      pages.push(page);
      seen.push(...page.nodes.map((node) => node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after !== null && pages.length < 10);

    expect(pages.map((page) => page.nodes.length)).toEqual([25, 25, 19]);
    expect(new Set(seen).size).toBe(69);
    expect(seen.slice(0, 3)).toEqual(['1', '1042', '1043']);
    expect(seen.at(-1)).toBe('2003');
    const last = pages[2] as UsersPage;
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(last.pageInfo.hasPreviousPage).toBe(true);
    expect(last.pageInfo.endCursor).toBe(last.edges.at(-1)?.cursor);
    expect(last.pageInfo.startCursor).toBe(last.edges[0]?.cursor);
    expect(pages[0]?.pageInfo.hasPreviousPage).toBe(false);
    expect(last.totalCount).toBeNull();
  });

  it('users ends exactly at a full page', async () => {
    const filter = { networkId: 100, mailboxId: 5001 };
    const first = await usersPage({ first: 5, filter });
    expect(first.nodes.map((node) => node.id)).toEqual(['1042', '1043', '1044', '1045', '1050']);
    expect(first.pageInfo.hasNextPage).toBe(false);

    const two = await usersPage({ first: 2, filter });
    const rest = await usersPage({ first: 3, filter, after: two.pageInfo.endCursor });
    expect(rest.nodes.map((node) => node.id)).toEqual(['1044', '1045', '1050']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect(rest.pageInfo.hasPreviousPage).toBe(true);
  });

  it('users continues across page sizes', async () => {
    const ten = await usersPage({ first: 10 });
    const next = await usersPage({ first: 25, after: ten.pageInfo.endCursor });
    const all = await usersPage({ first: 35 });
    const ids = [...ten.nodes, ...next.nodes].map((node) => node.id);
    expect(ids).toEqual(all.nodes.map((node) => node.id));
    expect(next.pageInfo.hasNextPage).toBe(true);
  });

  it('users past the end is empty', async () => {
    const all = await usersPage({ first: 100 });
    expect(all.nodes).toHaveLength(69);
    expect(all.pageInfo.hasNextPage).toBe(false);
    const after = await usersPage({ first: 10, after: all.pageInfo.endCursor });
    expect(after.nodes).toEqual([]);
    expect(after.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: true,
      startCursor: null,
      endCursor: null,
    });
  });

  it('users filter reaches ECGrid', async () => {
    const network = await usersPage({ filter: { networkId: 200 } });
    expect(network.nodes.map((node) => node.id)).toEqual(['2001', '2002', '2003']);
    const suspended = await usersPage({ filter: { status: 'SUSPENDED' } });
    expect(suspended.nodes.map((node) => node.id)).toEqual(['1045']);
    const admins = await usersPage({ filter: { authLevel: 'NETWORK_ADMIN' } });
    expect(admins.nodes.map((node) => node.id)).toEqual(['2001']);
    const networkLevel = await usersPage({ filter: { mailboxId: 0 } });
    expect(networkLevel.nodes.map((node) => node.id)).toEqual(['1', '2001']);
  });

  it('users sees only its mailbox', async () => {
    const page = await stack
      .client({ 'x-api-key': 'mailbox-5001-admin-key' })
      .request<{ users: UsersPage }>(USERS_PAGE, { first: 10 });
    expect(page.users.nodes.map((node) => node.id)).toEqual([
      '1042',
      '1043',
      '1044',
      '1045',
      '1050',
    ]);
    expect(page.users.pageInfo.hasNextPage).toBe(false);
  });

  it('rejects a mutation over GET', async () => {
    const url = new URL(stack.endpoint);
    url.searchParams.set(
      'query',
      'mutation { sendSms(userId: "1042", message: "Hi") { __typename } }',
    );
    // With the CSRF header, so that the request passes CSRF prevention and reaches the GET rule.
    const response = await fetch(url, {
      headers: { accept: 'application/json', 'x-ecgrid-csrf': '1' },
    });
    expect(response.status).toBe(405);
    expect(await stack.sms()).toEqual([]);
    expect(await upstreamCalls(stack)).toEqual([]);
  });

  it('users accepts GET requests', async () => {
    const url = new URL(stack.endpoint);
    url.searchParams.set('query', '{ users(first: 2) { nodes { id } } }');
    const response = await fetch(url, {
      headers: { accept: 'application/json', 'x-ecgrid-csrf': '1' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { users: { nodes: [{ id: '1' }, { id: '1042' }] } },
    });
  });
});
