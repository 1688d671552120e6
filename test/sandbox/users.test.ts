import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import {
  ADMIN_KEY,
  asAdmin,
  call,
  errorOf,
  MAILBOX_ADMIN_KEY,
  NETWORK_200_ADMIN_KEY,
  PARCEL_OPS_KEY,
  startTestSandbox,
} from './helpers.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('GET /v2/users/{id}', () => {
  it('returns the seeded record without credentials', async () => {
    const result = await asAdmin(sandbox, 'GET', '/v2/users/1042');
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(result.json.success).toBe(true);
    expect(result.json.errorCode).toBeNull();
    expect(result.json.message).toBeNull();
    expect(result.json.data).toEqual({
      userId: 1042,
      login: 'parcel.ops',
      email: 'parcel.ops@northwind-parcel.test',
      firstName: 'Dana',
      lastName: 'Whitfield',
      company: 'Northwind Parcel Logistics',
      phone: '+12155550140',
      cellPhone: '+12155550142',
      cellCarrier: 'Verizon',
      timeZoneOffset: -5,
      networkId: 100,
      mailboxId: 5001,
      authLevel: 'MailboxUser',
      status: 'Active',
      created: '2021-06-03T13:12:09Z',
      modified: '2025-11-18T10:02:44Z',
      lastLogin: '2026-05-06T07:41:18Z',
      lockedOut: false,
      openSessions: 2,
      recoveryQuestion: 'City where you were born?',
    });
    expect(result.text).not.toContain('apiKey');
    expect(result.text).not.toContain('password');
  });

  it('rejects a non-integer id', async () => {
    const result = await asAdmin(sandbox, 'GET', '/v2/users/abc');
    expect(result.status).toBe(400);
    expect(result.json).toEqual(errorOf('InvalidParameter', 'id must be an integer, got "abc"'));
  });

  it('rejects a malformed percent-encoding', async () => {
    const result = await asAdmin(sandbox, 'GET', '/v2/users/%zz');
    expect(result.status).toBe(400);
    expect(result.json).toEqual(errorOf('InvalidParameter', 'id must be an integer, got "%zz"'));
  });

  it('reports an unknown user as ObjectNotFound', async () => {
    const result = await asAdmin(sandbox, 'GET', '/v2/users/999999');
    expect(result.status).toBe(404);
    expect(result.json).toEqual(errorOf('ObjectNotFound', 'user 999999 not found'));
  });

  it('hides another network as ObjectNotFound', async () => {
    const result = await call(sandbox, 'GET', '/v2/users/2002', { apiKey: PARCEL_OPS_KEY });
    expect(result.status).toBe(404);
    expect(result.json).toEqual(errorOf('ObjectNotFound', 'user 2002 not found'));
  });

  it('applies visibility by auth level', async () => {
    const cases: [string, number, number][] = [
      [ADMIN_KEY, 2002, 200],
      [NETWORK_200_ADMIN_KEY, 2002, 200],
      [NETWORK_200_ADMIN_KEY, 1042, 404],
      [MAILBOX_ADMIN_KEY, 1043, 200],
      [MAILBOX_ADMIN_KEY, 1100, 404],
      [PARCEL_OPS_KEY, 1045, 200],
      [PARCEL_OPS_KEY, 1, 404],
    ];
    for (const [apiKey, userId, status] of cases) {
      const result = await call(sandbox, 'GET', `/v2/users/${userId}`, { apiKey });
      expect({ apiKey, userId, status: result.status }).toEqual({ apiKey, userId, status });
    }
  });
});

describe('GET /v2/users/me', () => {
  it('returns the caller', async () => {
    const result = await call(sandbox, 'GET', '/v2/users/me', { apiKey: MAILBOX_ADMIN_KEY });
    expect(result.status).toBe(200);
    expect(result.json.data.userId).toBe(1050);
    expect(result.json.data.login).toBe('mailbox.admin');
  });
});

describe('POST /v2/users/list', () => {
  it('pages network 100 by 25', async () => {
    const pages = [];
    for (const pageNo of [1, 2, 3, 4]) {
      const result = await asAdmin(sandbox, 'POST', '/v2/users/list', { networkId: 100, pageNo });
      expect(result.status).toBe(200);
      pages.push(result.json.data.map((user: { userId: number }) => user.userId));
    }
    expect(pages.map((page) => page.length)).toEqual([25, 25, 16, 0]);
    expect(pages[0].slice(0, 7)).toEqual([1, 1042, 1043, 1044, 1045, 1050, 1100]);
    expect(pages[2].at(-1)).toBe(1159);
    const all = pages.flat();
    expect(all).toEqual([...all].sort((a, b) => a - b));
    expect(new Set(all).size).toBe(66);
  });

  it('defaults to the first 25 visible users', async () => {
    const result = await asAdmin(sandbox, 'POST', '/v2/users/list', {});
    expect(result.json.data).toHaveLength(25);
    expect(result.json.data[0].userId).toBe(1);
  });

  it('accepts an empty body', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/list', { apiKey: ADMIN_KEY });
    expect(result.status).toBe(200);
    expect(result.json.data).toHaveLength(25);
  });

  it('limits a mailbox user to the mailbox', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/list', {
      apiKey: PARCEL_OPS_KEY,
      body: { recordsPerPage: 500 },
    });
    const ids = result.json.data.map((user: { userId: number }) => user.userId);
    expect(ids).toEqual([1042, 1043, 1044, 1045, 1050]);
  });

  it('limits a network admin to the network', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/list', {
      apiKey: NETWORK_200_ADMIN_KEY,
      body: { networkId: 100 },
    });
    expect(result.json.data).toEqual([]);
    const own = await call(sandbox, 'POST', '/v2/users/list', { apiKey: NETWORK_200_ADMIN_KEY });
    const ids = own.json.data.map((user: { userId: number }) => user.userId);
    expect(ids).toEqual([2001, 2002, 2003]);
  });

  it('filters by mailbox, level and status', async () => {
    const result = await asAdmin(sandbox, 'POST', '/v2/users/list', {
      mailboxId: 5001,
      authLevel: 'MailboxUser',
      status: 'Suspended',
    });
    expect(result.json.data.map((user: { userId: number }) => user.userId)).toEqual([1045]);
  });

  it('rejects bad paging values', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ recordsPerPage: 0 }, 'recordsPerPage must be from 1 to 500, got 0'],
      [{ recordsPerPage: 501 }, 'recordsPerPage must be from 1 to 500, got 501'],
      [{ pageNo: 0 }, `pageNo must be from 1 to ${Number.MAX_SAFE_INTEGER}, got 0`],
      [{ pageNo: 1.5 }, 'pageNo must be an integer, got a number'],
      [{ networkId: '100' }, 'networkId must be an integer, got a string'],
      [{ status: 3 }, 'status must be a string, got a number'],
    ];
    for (const [body, message] of cases) {
      const result = await asAdmin(sandbox, 'POST', '/v2/users/list', body);
      expect(result.status).toBe(400);
      expect(result.json).toEqual(errorOf('InvalidParameter', message));
    }
  });

  it('rejects malformed JSON', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/list', {
      apiKey: ADMIN_KEY,
      rawBody: '{"pageNo": 1',
    });
    expect(result.status).toBe(400);
    expect(result.json).toEqual(errorOf('InvalidParameter', 'request body is not valid JSON'));
  });

  it('rejects a body over 1 MiB', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/list', {
      apiKey: ADMIN_KEY,
      rawBody: JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }),
    });
    expect(result.status).toBe(400);
    expect(result.json).toEqual(errorOf('InvalidParameter', 'request body exceeds 1048576 bytes'));
  });

  it('rejects a JSON array body', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/list', { apiKey: ADMIN_KEY, body: [1] });
    expect(result.status).toBe(400);
    expect(result.json).toEqual(
      errorOf('InvalidParameter', 'request body must be a JSON object, got an array'),
    );
  });
});

describe('POST /v2/users/by-name', () => {
  it('returns every visible user with the login', async () => {
    const result = await asAdmin(sandbox, 'POST', '/v2/users/by-name', { login: 'parcel.ops' });
    expect(result.status).toBe(200);
    expect(result.json.data.map((user: { userId: number }) => user.userId)).toEqual([1042, 2003]);
  });

  it('drops logins the caller cannot see', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/by-name', {
      apiKey: NETWORK_200_ADMIN_KEY,
      body: { login: 'parcel.ops' },
    });
    expect(result.json.data.map((user: { userId: number }) => user.userId)).toEqual([2003]);
  });

  it('returns an empty array when none match', async () => {
    const result = await asAdmin(sandbox, 'POST', '/v2/users/by-name', { login: 'nobody' });
    expect(result.status).toBe(200);
    expect(result.json.data).toEqual([]);
  });

  it('requires the login', async () => {
    const result = await asAdmin(sandbox, 'POST', '/v2/users/by-name', {});
    expect(result.status).toBe(400);
    expect(result.json).toEqual(
      errorOf('InvalidParameter', 'login is missing; it must be a string'),
    );
  });
});

describe('PUT /v2/users', () => {
  it('updates contact fields and returns the record', async () => {
    const result = await asAdmin(sandbox, 'PUT', '/v2/users', {
      userId: 1043,
      email: 'desk@northwind-parcel.test',
      firstName: 'Mark',
    });
    expect(result.status).toBe(200);
    expect(result.json.data.email).toBe('desk@northwind-parcel.test');
    expect(result.json.data.firstName).toBe('Mark');
    expect(result.json.data.lastName).toBe('Oyelaran');
    expect(result.json.data.modified).not.toBe('2024-08-19T15:20:31');
    const again = await asAdmin(sandbox, 'GET', '/v2/users/1043');
    expect(again.json.data).toEqual(result.json.data);
  });

  it('lets a user update themselves', async () => {
    const result = await call(sandbox, 'PUT', '/v2/users', {
      apiKey: PARCEL_OPS_KEY,
      body: { userId: 1042, lastName: 'Whitfield-Ng' },
    });
    expect(result.status).toBe(200);
    expect(result.json.data.lastName).toBe('Whitfield-Ng');
  });

  it('denies a mailbox user editing others', async () => {
    const result = await call(sandbox, 'PUT', '/v2/users', {
      apiKey: PARCEL_OPS_KEY,
      body: { userId: 1043, lastName: 'X' },
    });
    expect(result.status).toBe(403);
    expect(result.json.errorCode).toBe('AccessDenied');
  });

  it('rejects an invalid email', async () => {
    const result = await asAdmin(sandbox, 'PUT', '/v2/users', { userId: 1043, email: 'desk' });
    expect(result.status).toBe(400);
    expect(result.json.errorCode).toBe('InvalidParameter');
  });
});

describe('GET /v2/users/key/{id}', () => {
  it('returns the key to a network admin', async () => {
    const result = await call(sandbox, 'GET', '/v2/users/key/2001', {
      apiKey: NETWORK_200_ADMIN_KEY,
    });
    expect(result.status).toBe(200);
    expect(result.json.data).toBe('network-200-admin-key');
  });

  it('denies a mailbox admin', async () => {
    const result = await call(sandbox, 'GET', '/v2/users/key/1042', { apiKey: MAILBOX_ADMIN_KEY });
    expect(result.status).toBe(403);
    expect(result.json).toEqual(
      errorOf('AccessDenied', 'reading an API key needs AuthLevel NetworkAdmin or higher'),
    );
  });

  it('reports a user without a key', async () => {
    const result = await asAdmin(sandbox, 'GET', '/v2/users/key/1043');
    expect(result.status).toBe(404);
    expect(result.json).toEqual(errorOf('ObjectNotFound', 'user 1043 has no API key'));
  });

  it('hides an invisible user', async () => {
    const result = await call(sandbox, 'GET', '/v2/users/key/1042', {
      apiKey: NETWORK_200_ADMIN_KEY,
    });
    expect(result.status).toBe(404);
    expect(result.json).toEqual(errorOf('ObjectNotFound', 'user 1042 not found'));
  });
});
