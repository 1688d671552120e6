import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import {
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

async function messages() {
  const result = await call(sandbox, 'GET', '/_sandbox/sms');
  expect(result.status).toBe(200);
  return result.json.messages;
}

describe('POST /v2/users/send-sms', () => {
  it('records a deliverable message', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/send-sms', {
      apiKey: MAILBOX_ADMIN_KEY,
      body: { userId: 1042, message: 'Parcel 77 is ready.' },
    });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ success: true, data: true, errorCode: null, message: null });
    const recorded = await messages();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      userId: 1042,
      message: 'Parcel 77 is ready.',
      cellPhone: '+12155550142',
      cellCarrier: 'Verizon',
    });
    expect(Number.isNaN(Date.parse(recorded[0].time))).toBe(false);
  });

  it('keeps messages in send order', async () => {
    for (const message of ['first', 'second', 'third']) {
      await asAdmin(sandbox, 'POST', '/v2/users/send-sms', { userId: 2002, message });
    }
    const recorded = await messages();
    expect(recorded.map((entry: { message: string }) => entry.message)).toEqual([
      'first',
      'second',
      'third',
    ]);
    expect(recorded[0].cellCarrier).toBe('ATT');
  });

  it('drops undeliverable targets yet returns true', async () => {
    // 1043 has no cell phone; 1044 has carrier Undefined.
    for (const userId of [1043, 1044]) {
      const result = await asAdmin(sandbox, 'POST', '/v2/users/send-sms', {
        userId,
        message: 'hi',
      });
      expect(result.status).toBe(200);
      expect(result.json.data).toBe(true);
    }
    expect(await messages()).toEqual([]);
  });

  it('delivers to a suspended user', async () => {
    await asAdmin(sandbox, 'POST', '/v2/users/send-sms', { userId: 1045, message: 'hi' });
    expect((await messages()).map((entry: { userId: number }) => entry.userId)).toEqual([1045]);
  });

  it('denies a mailbox user', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/send-sms', {
      apiKey: PARCEL_OPS_KEY,
      body: { userId: 1042, message: 'hi' },
    });
    expect(result.status).toBe(403);
    expect(result.json).toEqual(
      errorOf('AccessDenied', 'sending an SMS needs AuthLevel MailboxAdmin or higher'),
    );
    expect(await messages()).toEqual([]);
  });

  it('hides invisible targets even without rights', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/send-sms', {
      apiKey: PARCEL_OPS_KEY,
      body: { userId: 2002, message: 'hi' },
    });
    expect(result.status).toBe(404);
    expect(result.json).toEqual(errorOf('ObjectNotFound', 'user 2002 not found'));
  });

  it('hides another network from its admin', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/send-sms', {
      apiKey: NETWORK_200_ADMIN_KEY,
      body: { userId: 1042, message: 'hi' },
    });
    expect(result.status).toBe(404);
    expect(await messages()).toEqual([]);
  });

  it('validates userId and message', async () => {
    const cases: [unknown, string][] = [
      [{ message: 'hi' }, 'userId is missing; it must be an integer'],
      [{ userId: '1042', message: 'hi' }, 'userId must be an integer, got a string'],
      [{ userId: 1042 }, 'message is missing; it must be a string'],
      [{ userId: 1042, message: '' }, 'message must not be empty'],
      [{ userId: 1042, message: 7 }, 'message must be a string, got a number'],
    ];
    for (const [body, message] of cases) {
      const result = await asAdmin(sandbox, 'POST', '/v2/users/send-sms', body);
      expect(result.status).toBe(400);
      expect(result.json).toEqual(errorOf('InvalidParameter', message));
    }
    expect(await messages()).toEqual([]);
  });
});

describe('POST /v2/users/update-config', () => {
  async function user(userId: number) {
    return (await asAdmin(sandbox, 'GET', `/v2/users/${userId}`)).json.data;
  }

  it('sets phone and carrier', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/update-config', {
      apiKey: MAILBOX_ADMIN_KEY,
      body: { userId: 1043, cellPhone: '+12155550999', cellCarrier: 'ATT' },
    });
    expect(result.status).toBe(200);
    expect(result.json.data).toBe(true);
    const updated = await user(1043);
    expect(updated.cellPhone).toBe('+12155550999');
    expect(updated.cellCarrier).toBe('ATT');
    expect(updated.modified).not.toBe('2024-08-19T15:20:31');
    await asAdmin(sandbox, 'POST', '/v2/users/send-sms', { userId: 1043, message: 'now works' });
    expect(await messages()).toHaveLength(1);
  });

  it('keeps omitted fields and NoChange', async () => {
    await asAdmin(sandbox, 'POST', '/v2/users/update-config', {
      userId: 1042,
      cellCarrier: 'NoChange',
    });
    const updated = await user(1042);
    expect(updated.cellPhone).toBe('+12155550142');
    expect(updated.cellCarrier).toBe('Verizon');
  });

  it('clears phone and carrier', async () => {
    await asAdmin(sandbox, 'POST', '/v2/users/update-config', { userId: 1042, cellPhone: '' });
    expect((await user(1042)).cellPhone).toBe('');
    expect((await user(1042)).cellCarrier).toBe('Verizon');
    await asAdmin(sandbox, 'POST', '/v2/users/update-config', {
      userId: 1042,
      cellCarrier: 'Undefined',
    });
    expect((await user(1042)).cellCarrier).toBe('Undefined');
  });

  it('rejects an unknown carrier', async () => {
    const result = await asAdmin(sandbox, 'POST', '/v2/users/update-config', {
      userId: 1042,
      cellCarrier: 'Cricket',
    });
    expect(result.status).toBe(400);
    expect(result.json.errorCode).toBe('InvalidParameter');
    expect(result.json.message).toMatch(
      /^cellCarrier must be one of NoChange, Undefined, ATTCingular, Verizon, /,
    );
    expect(result.json.message).toContain('got "Cricket"');
    expect((await user(1042)).cellCarrier).toBe('Verizon');
  });

  it('denies a mailbox user', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/update-config', {
      apiKey: PARCEL_OPS_KEY,
      body: { userId: 1042, cellPhone: '' },
    });
    expect(result.status).toBe(403);
    expect(result.json).toEqual(
      errorOf('AccessDenied', 'changing SMS settings needs AuthLevel MailboxAdmin or higher'),
    );
    expect((await user(1042)).cellPhone).toBe('+12155550142');
  });

  it('reset restores the seeded settings', async () => {
    await asAdmin(sandbox, 'POST', '/v2/users/update-config', { userId: 1042, cellPhone: '' });
    await asAdmin(sandbox, 'POST', '/v2/users/send-sms', { userId: 2002, message: 'x' });
    const reset = await call(sandbox, 'POST', '/_sandbox/reset');
    expect(reset.status).toBe(200);
    expect((await user(1042)).cellPhone).toBe('+12155550142');
    expect(await messages()).toEqual([]);
  });
});
