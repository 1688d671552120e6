/**
 * The benchmark's scenarios: for each, the GraphQL request of every system, a check of every
 * response body, and the ECGrid calls that the work needs at the least (the physical limit).
 */

export type SystemName =
  | 'limit'
  | 'proxy'
  | 'floor'
  | 'gateway'
  | 'apollo-datasource-rest'
  | 'hive-gateway-openapi';

export const GRAPHQL_SYSTEMS: SystemName[] = [
  'proxy',
  'floor',
  'gateway',
  'apollo-datasource-rest',
  'hive-gateway-openapi',
];

/** One HTTP request that autocannon repeats, and the check of each response body. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  verify(body: string): boolean;
}

export interface Scenario {
  name: string;
  description: string;
  /** Requests per system; a system without one skips the scenario. */
  requests: Partial<Record<Exclude<SystemName, 'limit'>, LoadRequest>>;
  /** The ECGrid calls one operation needs at the least, in order. */
  limitCalls: { method: 'GET' | 'POST'; path: string; body?: string }[];
  /** Calls that must run one after another (1 for independent calls, 2 for read-then-send). */
  sequentialDepth: number;
}

const USER_ID = 1042;
const LOGIN = 'parcel.ops';
const MESSAGE = 'Parcel 7 is ready for download.';
/** 50 distinct seeded users. */
const DISTINCT_IDS = Array.from({ length: 50 }, (_, index) => 1100 + index);
/** 100 representations of 25 distinct users, each 4 times. */
const ENTITY_IDS = Array.from({ length: 100 }, (_, index) => 1100 + (index % 25));

const ALL_FIELDS = `id login email firstName lastName company phone cellPhone cellCarrier
  cellCarrierRaw timeZoneOffset networkId mailboxId authLevel authLevelRaw status statusRaw
  createdAt modifiedAt lastLoginAt lockedOut openSessions smsReady`;
const HIVE_ALL_FIELDS = `userId login loginName email firstName lastName company phone cellPhone
  cellCarrier timeZoneOffset networkId mailboxId authLevel status created modified lastLogin
  lockedOut lockoutStatus openSessions timeOut recoveryQuestion`;

type Json = Record<string, unknown>;

function parse(body: string): Json | null {
  try {
    const json = JSON.parse(body) as Json;
    return json.errors === undefined && json.data ? (json.data as Json) : null;
  } catch {
    return null;
  }
}

function graphql(query: string, verify: (data: Json) => boolean, path = '/graphql'): LoadRequest {
  return {
    method: 'POST',
    path,
    body: JSON.stringify({ query }),
    verify: (body) => {
      const data = parse(body);
      return data !== null && verify(data);
    },
  };
}

function proxy(plan: string, input: Json, verify: (data: Json) => boolean): LoadRequest {
  return {
    method: 'POST',
    path: `/proxy/${plan}`,
    body: JSON.stringify(input),
    verify: (body) => {
      const data = parse(body);
      return data !== null && verify(data);
    },
  };
}

const isUser = (user: unknown, id: number, fields: number) => {
  const value = user as Json | null | undefined;
  return value?.id === String(id) && Object.keys(value).length >= fields;
};
const isHiveUser = (result: unknown, id: number) =>
  ((result as Json | undefined)?.data as Json | undefined)?.userId === id;

function aliases(ids: number[], selection: (id: number) => string): string {
  return `{ ${ids.map((id, index) => `u${index}: ${selection(id)}`).join(' ')} }`;
}
const everyAlias =
  (ids: number[], check: (value: unknown, id: number) => boolean) => (data: Json) =>
    ids.every((id, index) => check(data[`u${index}`], id));

const gatewayUser = (fields: string) => `{ user(id: "${USER_ID}") { ${fields} } }`;
const hiveUser = (fields: string) =>
  `{ user: getUser(id: ${USER_ID}) { ... on UserEnvelope { data { ${fields} } } } }`;
const userOk = (fields: number) => (data: Json) =>
  isUser(data.user, USER_ID, fields) && (data.user as Json).login === LOGIN;

function userScenario(name: string, description: string, fields: string, hive: string): Scenario {
  const count = fields.trim().split(/\s+/).length;
  const request = graphql(gatewayUser(fields), userOk(count));
  return {
    name,
    description,
    requests: {
      proxy: proxy('user', { id: USER_ID }, userOk(count)),
      floor: request,
      gateway: request,
      'apollo-datasource-rest': request,
      'hive-gateway-openapi': graphql(hiveUser(hive), (data) => isHiveUser(data.user, USER_ID)),
    },
    limitCalls: [{ method: 'GET', path: `/v2/users/${USER_ID}` }],
    sequentialDepth: 1,
  };
}

function aliasScenario(name: string, description: string, ids: number[]): Scenario {
  const query = aliases(ids, (id) => `user(id: "${id}") { id login }`);
  const check = everyAlias(ids, (user, id) => isUser(user, id, 2));
  const hiveQuery = aliases(
    ids,
    (id) => `getUser(id: ${id}) { ... on UserEnvelope { data { userId login } } }`,
  );
  const request = graphql(query, check);
  return {
    name,
    description,
    requests: {
      proxy: proxy('aliases', { ids }, check),
      floor: request,
      gateway: request,
      'apollo-datasource-rest': request,
      'hive-gateway-openapi': graphql(hiveQuery, everyAlias(ids, isHiveUser)),
    },
    limitCalls: [...new Set(ids)].map((id) => ({
      method: 'GET' as const,
      path: `/v2/users/${id}`,
    })),
    sequentialDepth: 1,
  };
}

const USERS_QUERY = '{ users(first: 25) { edges { node { id login } } pageInfo { hasNextPage } } }';
const usersOk = (data: Json) => {
  const edges = ((data.users as Json | undefined)?.edges ?? []) as { node: Json }[];
  return edges.length === 25 && edges[0]?.node.id === '1';
};
const HIVE_USERS = `mutation { users: listUsers(input: { pageNo: 1, recordsPerPage: 25 }) {
  ... on UserListEnvelope { data { userId login } } } }`;
const hiveUsersOk = (data: Json) => {
  const list = ((data.users as Json | undefined)?.data ?? []) as Json[];
  return list.length === 25 && list[0]?.userId === 1;
};

const SMS_QUERY = `mutation { sendSms(userId: "${USER_ID}", message: "${MESSAGE}") {
  __typename ... on SmsSubmitted { messageLength } } }`;
const smsOk = (data: Json) => {
  const result = data.sendSms as Json | undefined;
  return result?.__typename === 'SmsSubmitted' && result.messageLength === MESSAGE.length;
};
const HIVE_SMS = `mutation { sendSms(input: { userId: ${USER_ID}, message: "${MESSAGE}" }) {
  ... on BooleanEnvelope { data } } }`;

/** Builds the `_entities` scenario, which only a schema with federation serves. */
export function entitiesScenario(keyField: string): Scenario {
  const representations = ENTITY_IDS.map((id) => ({ __typename: 'User', [keyField]: String(id) }));
  const query =
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id login } } }';
  const request: LoadRequest = {
    method: 'POST',
    path: '/graphql',
    body: JSON.stringify({ query, variables: { r: representations } }),
    verify: (body) => {
      const entities = parse(body)?._entities as Json[] | undefined;
      return (
        entities?.length === 100 &&
        entities.every((user, i) => isUser(user, ENTITY_IDS[i] as number, 2))
      );
    },
  };
  return {
    name: 'entities-100',
    description: '`_entities` with 100 representations of 25 distinct users',
    requests: { gateway: request },
    limitCalls: [...new Set(ENTITY_IDS)].map((id) => ({
      method: 'GET' as const,
      path: `/v2/users/${id}`,
    })),
    sequentialDepth: 1,
  };
}

export const SCENARIOS: Scenario[] = [
  userScenario('user-3-fields', 'a user with three fields', 'id login email', 'userId login email'),
  userScenario('user-all-fields', 'a user with all fields', ALL_FIELDS, HIVE_ALL_FIELDS),
  aliasScenario('aliases-50-distinct', '50 aliases with distinct ids', DISTINCT_IDS),
  aliasScenario(
    'aliases-50-same',
    '50 aliases of the same id',
    DISTINCT_IDS.map(() => USER_ID),
  ),
  {
    name: 'users-first-page',
    description: '`users` first page of 25',
    requests: {
      proxy: proxy('users', { first: 25 }, usersOk),
      floor: graphql(USERS_QUERY, usersOk),
      gateway: graphql(USERS_QUERY, usersOk),
      'apollo-datasource-rest': graphql(USERS_QUERY, usersOk),
      'hive-gateway-openapi': graphql(HIVE_USERS, hiveUsersOk),
    },
    limitCalls: [
      { method: 'POST', path: '/v2/users/list', body: '{"pageNo":1,"recordsPerPage":25}' },
    ],
    sequentialDepth: 1,
  },
  {
    name: 'send-sms',
    description: '`sendSms` to a user who can be texted',
    requests: {
      proxy: proxy('sendSms', { userId: USER_ID, message: MESSAGE }, smsOk),
      floor: graphql(SMS_QUERY, smsOk),
      gateway: graphql(SMS_QUERY, smsOk),
      'apollo-datasource-rest': graphql(SMS_QUERY, smsOk),
      'hive-gateway-openapi': graphql(HIVE_SMS, (data) => (data.sendSms as Json)?.data === true),
    },
    limitCalls: [
      { method: 'GET', path: `/v2/users/${USER_ID}` },
      {
        method: 'POST',
        path: '/v2/users/send-sms',
        body: JSON.stringify({ userId: USER_ID, message: MESSAGE }),
      },
    ],
    sequentialDepth: 2,
  },
];
