import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedFile, type RunningSandbox } from '../../src/sandbox/server.js';
import { call, startTestSandbox } from './helpers.js';

const directory = mkdtempSync(join(tmpdir(), 'sandbox-seed-'));

function writeSeed(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('loadSeedFile', () => {
  it('loads the shipped default seed', () => {
    const seed = loadSeedFile(
      fileURLToPath(new URL('../../src/sandbox/default-seed.json', import.meta.url)),
    );
    expect(seed.users).toHaveLength(69);
    const networkUsers = seed.users.filter((user) => user.networkId === 100);
    expect(networkUsers).toHaveLength(66);
    const keyed = seed.users.filter((user) => user.apiKey !== undefined).map((user) => user.userId);
    expect(keyed).toEqual([1, 1042, 1050, 2001]);
  });

  it('names a missing userId', () => {
    const path = writeSeed('missing-id.json', { users: [{ userId: 1 }, { login: 'x' }] });
    expect(() => loadSeedFile(path)).toThrow(
      `invalid sandbox seed ${path}: users[1].userId: Invalid input: expected number, received undefined`,
    );
  });

  it('names a non-positive userId', () => {
    const path = writeSeed('zero-id.json', { users: [{ userId: 0 }] });
    expect(() => loadSeedFile(path)).toThrow(/^invalid sandbox seed .*: users\[0\]\.userId: /);
  });

  it('names a duplicate userId', () => {
    const path = writeSeed('duplicate-id.json', { users: [{ userId: 5 }, { userId: 5 }] });
    expect(() => loadSeedFile(path)).toThrow(
      `invalid sandbox seed ${path}: users[1]: userId 5 is already used by users[0]`,
    );
  });

  it('names a duplicate apiKey', () => {
    const path = writeSeed('duplicate-key.json', {
      users: [{ userId: 5, apiKey: 'k' }, { userId: 6 }, { userId: 7, apiKey: 'k' }],
    });
    expect(() => loadSeedFile(path)).toThrow(
      `invalid sandbox seed ${path}: users[2]: apiKey is already used by users[0]`,
    );
  });

  it('reports invalid JSON', () => {
    const path = writeSeed('broken.json', '{"users": [');
    expect(() => loadSeedFile(path)).toThrow(`sandbox seed ${path} is not valid JSON: `);
  });

  it('reports a missing file', () => {
    const path = join(directory, 'absent.json');
    expect(() => loadSeedFile(path)).toThrow(`cannot read sandbox seed ${path}: ENOENT`);
  });
});

describe('custom seed shapes', () => {
  let sandbox: RunningSandbox;
  const odd = {
    userId: 7,
    loginName: 'odd.shape',
    lockoutStatus: 'Unlocked',
    cellPhone: '+15555550107',
    cellCarrier: 'Cricket',
    futureField: { nested: [1, 2] },
    networkId: 9,
    mailboxId: 90,
    authLevel: 'MailboxUser',
  };

  beforeAll(async () => {
    const path = writeSeed('odd.json', {
      users: [{ userId: 1, authLevel: 'Root', apiKey: 'odd-root-key', password: 'pw' }, odd],
    });
    sandbox = await startTestSandbox({ seed: loadSeedFile(path) });
  });
  afterAll(() => sandbox.close());

  it('returns unknown fields verbatim', async () => {
    const result = await call(sandbox, 'GET', '/v2/users/7', { apiKey: 'odd-root-key' });
    expect(result.status).toBe(200);
    expect(result.json.data).toEqual(odd);
  });

  it('finds a user by loginName', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/by-name', {
      apiKey: 'odd-root-key',
      body: { login: 'odd.shape' },
    });
    expect(result.json.data).toEqual([odd]);
  });

  it('drops texts to unknown carriers', async () => {
    const result = await call(sandbox, 'POST', '/v2/users/send-sms', {
      apiKey: 'odd-root-key',
      body: { userId: 7, message: 'hello' },
    });
    expect(result.json.data).toBe(true);
    expect((await call(sandbox, 'GET', '/_sandbox/sms')).json.messages).toEqual([]);
  });

  it('returns a record with only userId', async () => {
    const result = await call(sandbox, 'GET', '/v2/users/1', { apiKey: 'odd-root-key' });
    expect(result.json.data).toEqual({ userId: 1, authLevel: 'Root' });
  });
});
