import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MutationResult, UPDATE_SMS_SETTINGS } from '../helpers/operations.js';
import { post, type Stack, startStack } from '../helpers/stack.js';

const CARRIERS: [string, string][] = [
  ['ATT_CINGULAR', 'ATTCingular'],
  ['VERIZON', 'Verizon'],
  ['T_MOBILE', 'TMobile'],
  ['SPRINT_PCS', 'SprintPCS'],
  ['NEXTEL', 'Nextel'],
  ['ALLTEL', 'Alltel'],
  ['VIRGIN_MOBILE', 'VirginMobile'],
  ['ATT_PRE_CINGULAR', 'ATTPreCingular'],
  ['ATT', 'ATT'],
  ['BOOST_MOBILE', 'BoostMobile'],
  ['US_CELLULAR', 'USCellular'],
  ['METRO_PCS', 'MetroPCS'],
  ['POWERTEL', 'Powertel'],
];

const AUTH_LEVELS: [string, string][] = [
  ['ROOT', 'Root'],
  ['TECH_OPS', 'TechOps'],
  ['NET_OPS', 'NetOps'],
  ['NETWORK_ADMIN', 'NetworkAdmin'],
  ['NETWORK_USER', 'NetworkUser'],
  ['MAILBOX_ADMIN', 'MailboxAdmin'],
  ['MAILBOX_USER', 'MailboxUser'],
  ['TP_USER', 'TPUser'],
  ['GENERAL', 'General'],
];

const STATUSES: [string, string][] = [
  ['DEVELOPMENT', 'Development'],
  ['ACTIVE', 'Active'],
  ['PREPRODUCTION', 'Preproduction'],
  ['SUSPENDED', 'Suspended'],
  ['TERMINATED', 'Terminated'],
];

/**
 * One user per AuthLevel (ids 100 + index, the first being the Root caller) and per status
 * (ids 200 + index), plus users with values the gateway does not know.
 */
const seed = {
  users: [
    ...AUTH_LEVELS.map(([, ecgrid], index) => ({
      userId: 100 + index,
      authLevel: ecgrid,
      networkId: 1,
      ...(index === 0 ? { apiKey: 'root-key' } : {}),
    })),
    ...STATUSES.map(([, ecgrid], index) => ({ userId: 200 + index, status: ecgrid, networkId: 1 })),
    { userId: 300, cellPhone: '+12155550300', cellCarrier: 'Verizon5G', networkId: 1 },
    { userId: 301, cellPhone: '+12155550301', cellCarrier: 'verizon', networkId: 1 },
    { userId: 302, authLevel: 'networkadmin', status: 'Archived', networkId: 1 },
    { userId: 303, cellPhone: '+12155550303', cellCarrier: 'Undefined', networkId: 1 },
    { userId: 304, cellPhone: '+12155550304', cellCarrier: 'Verizon', networkId: 1 },
  ],
};

const ENUM_FIELDS = 'id cellCarrier cellCarrierRaw authLevel authLevelRaw status statusRaw';

describe('enum mapping', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ sandbox: { seed } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.reset());

  const readUser = async (id: number) =>
    (
      await stack
        .client()
        .request<{ user: Record<string, unknown> }>(`{ user(id: "${id}") { ${ENUM_FIELDS} } }`)
    ).user;
  const warningsFor = (value: string) =>
    stack.logs.lines.filter((line) => line.level === 40 && line.value === value);

  it.each(CARRIERS)('maps carrier %s both ways', async (name, ecgrid) => {
    const data = await stack
      .client()
      .request<{ updateUserSmsSettings: MutationResult }>(UPDATE_SMS_SETTINGS, {
        userId: '304',
        cellCarrier: name,
      });
    expect(data.updateUserSmsSettings.user).toMatchObject({ cellCarrier: name });
    const stored = await readUser(304);
    expect(stored.cellCarrier).toBe(name);
    expect(stored.cellCarrierRaw).toBe(ecgrid);
  });

  it.each(AUTH_LEVELS)('maps AuthLevel %s both ways', async (name, ecgrid) => {
    const index = AUTH_LEVELS.findIndex(([level]) => level === name);
    const user = await readUser(100 + index);
    expect(user.authLevel).toBe(name);
    expect(user.authLevelRaw).toBe(ecgrid);
    const filtered = await stack
      .client()
      .request<{ users: { nodes: { id: string }[] } }>(
        `{ users(filter: { authLevel: ${name} }) { nodes { id } } }`,
      );
    expect(filtered.users.nodes).toEqual([{ id: String(100 + index) }]);
  });

  it.each(STATUSES)('maps UserStatus %s both ways', async (name, ecgrid) => {
    const index = STATUSES.findIndex(([status]) => status === name);
    const user = await readUser(200 + index);
    expect(user.status).toBe(name);
    expect(user.statusRaw).toBe(ecgrid);
    const filtered = await stack
      .client()
      .request<{ users: { nodes: { id: string }[] } }>(
        `{ users(filter: { status: ${name} }) { nodes { id } } }`,
      );
    expect(filtered.users.nodes).toEqual([{ id: String(200 + index) }]);
  });

  it('reads Undefined carrier as null', async () => {
    expect(await readUser(303)).toMatchObject({ cellCarrier: null, cellCarrierRaw: 'Undefined' });
    expect(warningsFor('Undefined')).toEqual([]);
  });

  it('reads an unknown carrier as UNKNOWN', async () => {
    expect(await readUser(300)).toMatchObject({
      cellCarrier: 'UNKNOWN',
      cellCarrierRaw: 'Verizon5G',
    });
  });

  it('reads another casing as UNKNOWN', async () => {
    expect(await readUser(301)).toMatchObject({
      cellCarrier: 'UNKNOWN',
      cellCarrierRaw: 'verizon',
    });
    expect(await readUser(302)).toMatchObject({
      authLevel: 'UNKNOWN',
      authLevelRaw: 'networkadmin',
      status: 'UNKNOWN',
      statusRaw: 'Archived',
    });
  });

  it('logs an unknown value once', async () => {
    await readUser(300);
    await readUser(300);
    const warnings = warningsFor('Verizon5G');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      enum: 'CellCarrier',
      msg: 'ECGrid sent an enum value this gateway does not know',
    });
  });

  it('keeps the other users of a list', async () => {
    const query = `{ users(first: 100) { nodes { ${ENUM_FIELDS} } } }`;
    const body = await post(stack.endpoint, query);
    expect(body.errors).toBeUndefined();
    const data = await stack
      .client()
      .request<{ users: { nodes: Record<string, unknown>[] } }>(query);
    const { nodes } = data.users;
    expect(nodes).toHaveLength(seed.users.length);
    expect(nodes.find((node) => node.id === '300')?.cellCarrier).toBe('UNKNOWN');
    expect(nodes.find((node) => node.id === '304')?.cellCarrier).toBe('VERIZON');
    expect(nodes.find((node) => node.id === '103')?.authLevel).toBe('NETWORK_ADMIN');
  });

  it('hides the update sentinels', async () => {
    type EnumType = { __type: { enumValues: { name: string }[] } };
    const carriers = await stack
      .client()
      .request<EnumType>('{ __type(name: "CellCarrier") { enumValues { name } } }');
    const names = carriers.__type.enumValues.map((value) => value.name);
    expect(names.sort()).toEqual([...CARRIERS.map(([name]) => name), 'UNKNOWN'].sort());
    const levels = await post(
      stack.endpoint,
      '{ __type(name: "AuthLevel") { enumValues { name } } }',
    );
    expect(JSON.stringify(levels)).not.toMatch(/NO_?CHANGE/i);
  });
});
