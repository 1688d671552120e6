import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { USER_FIELDS } from '../helpers/operations.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

/** Users shaped as the vendor's other documents describe UserIDInfo, or with odd values. */
const seed = {
  users: [
    { userId: 1, login: 'root', authLevel: 'Root', apiKey: 'root-key', networkId: 1 },
    {
      userId: 10,
      loginName: 'mcp.style',
      lockoutStatus: 'Locked',
      email: 'mcp@example.test',
      created: '2022-02-11T09:30:00',
      modified: '2024-08-19T15:20:31.250',
      lastLogin: '2025-12-01T12:00:07+02:00',
      timeZoneOffset: '-5.5',
      openSessions: '3',
      networkId: 1,
      mailboxId: 0,
      timeOut: 30,
      recoveryQuestion: 'Never exposed?',
      brandNewField: { nested: [1, 2, 3] },
    },
    { userId: 11, networkId: 1 },
    {
      userId: 12,
      login: '',
      email: null,
      firstName: 42,
      lockedOut: 'no',
      created: 'not a date',
      openSessions: 'many',
      mailboxId: 7.5,
      timeZoneOffset: 'east',
      networkId: 1,
    },
    { userId: 13, login: 'both.names', loginName: 'ignored', lockedOut: true, lockoutStatus: 0 },
  ],
};

const NULL_USER = Object.fromEntries(
  USER_FIELDS.trim()
    .split(/\s+/)
    .map((field) => [field, null]),
);

describe('tolerant reading', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ sandbox: { seed } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  const readUser = async (id: number) => {
    const body = await post(stack.endpoint, `{ user(id: "${id}") { ${USER_FIELDS} } }`);
    expect(body.errors).toBeUndefined();
    return body.data?.user as Record<string, unknown>;
  };

  it('reads the alternative field names', async () => {
    expect(await readUser(10)).toEqual({
      ...NULL_USER,
      id: '10',
      login: 'mcp.style',
      email: 'mcp@example.test',
      lockedOut: true,
      createdAt: '2022-02-11T09:30:00.000Z',
      modifiedAt: '2024-08-19T15:20:31.250Z',
      lastLoginAt: '2025-12-01T10:00:07.000Z',
      timeZoneOffset: -5.5,
      openSessions: 3,
      networkId: 1,
      mailboxId: 0,
    });
  });

  it('reads absent fields as null', async () => {
    expect(await readUser(11)).toEqual({ ...NULL_USER, id: '11', networkId: 1 });
  });

  it('reads empty and odd values as null', async () => {
    expect(await readUser(12)).toEqual({
      ...NULL_USER,
      id: '12',
      lockedOut: false,
      networkId: 1,
    });
  });

  it('prefers login and lockedOut', async () => {
    expect(await readUser(13)).toMatchObject({ login: 'both.names', lockedOut: true });
  });

  it('reads a paged list answer', async () => {
    const data = {
      totalRecords: 42,
      pageNo: 1,
      recordsPerPage: 3,
      users: [{ userId: 10, loginName: 'a' }, { userId: 11 }, { userId: 12 }, { noId: true }],
    };
    await stack.faults([
      {
        kind: 'body',
        path: '/v2/users/list',
        status: 200,
        body: JSON.stringify({ success: true, data, errorCode: '', message: '' }),
      },
    ]);
    const body = await post(
      stack.endpoint,
      '{ users(first: 3) { totalCount pageInfo { hasNextPage } nodes { id login } } }',
    );
    expect(body).toEqual({
      data: {
        users: {
          totalCount: 42,
          pageInfo: { hasNextPage: true },
          nodes: [
            { id: '10', login: 'a' },
            { id: '11', login: null },
            { id: '12', login: null },
          ],
        },
      },
    });
    const skipped = stack.logs.lines.filter(
      (line) => line.msg === 'skipped ECGrid list entries without a valid userId',
    );
    expect(skipped).toEqual([
      expect.objectContaining({ call: 'users.list', skipped: 1, level: 40 }),
    ]);
  });

  it('reads a paged byName answer', async () => {
    const data = { totalRecords: 1, items: [{ userId: 13, login: 'both.names' }] };
    await stack.faults([
      {
        kind: 'body',
        path: '/v2/users/by-name',
        status: 200,
        body: JSON.stringify({ success: true, data }),
      },
    ]);
    const body = await post(stack.endpoint, '{ usersByLogin(login: "both.names") { id } }');
    expect(body).toEqual({ data: { usersByLogin: [{ id: '13' }] } });
  });

  it('accepts a string userId', async () => {
    const user = JSON.stringify({ success: true, data: { userId: '10', login: 'text.id' } });
    await stack.faults([{ kind: 'body', path: '/v2/users/10', status: 200, body: user }]);
    expect(await readUser(10)).toMatchObject({ id: '10', login: 'text.id' });
  });
});

describe('smsReady', () => {
  const cases: [string, Record<string, unknown>, boolean | null][] = [
    ['phone and known carrier', { cellPhone: '+12155550100', cellCarrier: 'Verizon' }, true],
    ['empty phone', { cellPhone: '', cellCarrier: 'Verizon' }, false],
    ['null phone', { cellPhone: null, cellCarrier: 'Verizon' }, false],
    ['Undefined carrier', { cellPhone: '+12155550100', cellCarrier: 'Undefined' }, false],
    ['empty carrier', { cellPhone: '+12155550100', cellCarrier: '' }, false],
    ['null carrier', { cellPhone: '+12155550100', cellCarrier: null }, false],
    ['absent phone', { cellCarrier: 'Verizon' }, null],
    ['absent carrier', { cellPhone: '+12155550100' }, null],
    ['absent both', {}, null],
    ['unknown carrier', { cellPhone: '+12155550100', cellCarrier: 'Verizon5G' }, null],
    ['empty phone, absent carrier', { cellPhone: '' }, false],
  ];
  let stack: Stack;
  beforeAll(async () => {
    const users = cases.map(([, fields], index) => ({ userId: 100 + index, ...fields }));
    stack = await startStack({
      sandbox: { seed: { users: [{ userId: 1, authLevel: 'Root', apiKey: 'k' }, ...users] } },
    });
  });
  afterAll(() => stack.close());

  it.each(cases.map((testCase, index) => [...testCase, index] as const))(
    'is right for %s',
    async (_name, _fields, expected, index) => {
      const body = await post(stack.endpoint, `{ user(id: "${100 + index}") { smsReady } }`);
      expect(body).toEqual({ data: { user: { smsReady: expected } } });
    },
  );
});
