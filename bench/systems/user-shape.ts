import { smsReady } from './upstream.js';

/** The User fields that this gateway serves, with their GraphQL types, as the peers serve them. */
export const USER_FIELDS = {
  login: 'String',
  email: 'String',
  firstName: 'String',
  lastName: 'String',
  company: 'String',
  phone: 'String',
  cellPhone: 'String',
  cellCarrier: 'String',
  cellCarrierRaw: 'String',
  timeZoneOffset: 'Float',
  networkId: 'Int',
  mailboxId: 'Int',
  authLevel: 'String',
  authLevelRaw: 'String',
  status: 'String',
  statusRaw: 'String',
  createdAt: 'String',
  modifiedAt: 'String',
  lastLoginAt: 'String',
  lockedOut: 'Boolean',
  openSessions: 'Int',
  smsReady: 'Boolean',
} as const;

export type UserShape = { id: string } & Record<keyof typeof USER_FIELDS, unknown>;

/** Maps an ECGrid UserIDInfo to the gateway's User field names. */
export function toUser(record: Record<string, unknown>): UserShape {
  return {
    id: String(record.userId),
    login: record.login ?? record.loginName ?? null,
    email: record.email ?? null,
    firstName: record.firstName ?? null,
    lastName: record.lastName ?? null,
    company: record.company ?? null,
    phone: record.phone ?? null,
    cellPhone: record.cellPhone ?? null,
    cellCarrier: record.cellCarrier ?? null,
    cellCarrierRaw: record.cellCarrier ?? null,
    timeZoneOffset: record.timeZoneOffset ?? null,
    networkId: record.networkId ?? null,
    mailboxId: record.mailboxId ?? null,
    authLevel: record.authLevel ?? null,
    authLevelRaw: record.authLevel ?? null,
    status: record.status ?? null,
    statusRaw: record.status ?? null,
    createdAt: record.created ?? null,
    modifiedAt: record.modified ?? null,
    lastLoginAt: record.lastLogin ?? null,
    lockedOut: record.lockedOut ?? null,
    openSessions: record.openSessions ?? null,
    smsReady: smsReady(record),
  };
}

/** The schema of the floor and the Apollo peer, in SDL. */
export const PEER_SDL = `
type User {
  id: ID!
${Object.entries(USER_FIELDS)
  .map(([name, type]) => `  ${name}: ${type}`)
  .join('\n')}
}
type UserEdge { node: User! cursor: String! }
type PageInfo { hasNextPage: Boolean! endCursor: String }
type UserConnection { edges: [UserEdge!]! pageInfo: PageInfo! }
type SmsSubmitted { messageLength: Int! }
type SmsNotDeliverableError { message: String! }
union SendSmsResult = SmsSubmitted | SmsNotDeliverableError
type Query {
  user(id: ID!): User
  users(first: Int): UserConnection!
}
type Mutation {
  sendSms(userId: ID!, message: String!): SendSmsResult!
}
`;

/** A page of users as the connection type returns it. */
export function toConnection(records: Record<string, unknown>[], first: number) {
  const edges = records.map((record, index) => ({ node: toUser(record), cursor: String(index) }));
  return {
    edges,
    pageInfo: { hasNextPage: records.length === first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
