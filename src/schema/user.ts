import { smsReadiness } from '../ecgrid/readiness.js';
import { readTimestamp, type UserRecord } from '../ecgrid/wire.js';
import { builder } from './builder.js';
import {
  AUTH_LEVEL_READER,
  AuthLevel,
  CellCarrier,
  readCarrier,
  readEnum,
  STATUS_READER,
  UserStatus,
} from './enums.js';

export const User = builder.objectRef<UserRecord>('User');

/** Nullable fields: `null` when ECGrid sent the field as null or empty, or did not send it. */
User.implement({
  description:
    'An ECGrid user (UserIDInfo). Every field but id may be null: ECGrid omits fields freely, and null means ECGrid did not report a value.',
  fields: (t) => ({
    id: t.id({ description: 'The ECGrid userId.', resolve: (user) => user.userId }),
    login: t.string({
      nullable: true,
      description: 'The login name (ECGrid sends it as `login` or `loginName`).',
      resolve: (user) => user.login ?? null,
    }),
    email: t.string({
      nullable: true,
      description: 'Email address.',
      resolve: (u) => u.email ?? null,
    }),
    firstName: t.string({
      nullable: true,
      description: 'Given name.',
      resolve: (u) => u.firstName ?? null,
    }),
    lastName: t.string({
      nullable: true,
      description: 'Family name.',
      resolve: (u) => u.lastName ?? null,
    }),
    company: t.string({
      nullable: true,
      description: 'Company name.',
      resolve: (u) => u.company ?? null,
    }),
    phone: t.string({
      nullable: true,
      description: 'Office phone number.',
      resolve: (u) => u.phone ?? null,
    }),
    cellPhone: t.string({
      nullable: true,
      description: 'Mobile number that text messages go to.',
      resolve: (user) => user.cellPhone ?? null,
    }),
    cellCarrier: t.field({
      type: CellCarrier,
      nullable: true,
      description:
        'Mobile carrier; null when none is configured (ECGrid "Undefined") or not reported.',
      resolve: (user, _args, context) => readCarrier(user.cellCarrier, context.logger),
    }),
    cellCarrierRaw: t.string({
      nullable: true,
      description: 'The carrier exactly as ECGrid sent it; read it when cellCarrier is UNKNOWN.',
      resolve: (user) => user.cellCarrier ?? null,
    }),
    timeZoneOffset: t.float({
      nullable: true,
      description: "The user's time zone offset from UTC, as ECGrid reports it.",
      resolve: (user) => user.timeZoneOffset ?? null,
    }),
    networkId: t.int({
      nullable: true,
      description: 'The ECGrid network the user belongs to.',
      resolve: (user) => user.networkId ?? null,
    }),
    mailboxId: t.int({
      nullable: true,
      description: 'The mailbox the user belongs to; 0 for a network-level user.',
      resolve: (user) => user.mailboxId ?? null,
    }),
    authLevel: t.field({
      type: AuthLevel,
      nullable: true,
      description: "The user's rights.",
      resolve: (user, _args, context) =>
        readEnum(AUTH_LEVEL_READER, user.authLevel, context.logger),
    }),
    authLevelRaw: t.string({
      nullable: true,
      description: 'The AuthLevel exactly as ECGrid sent it.',
      resolve: (user) => user.authLevel ?? null,
    }),
    status: t.field({
      type: UserStatus,
      nullable: true,
      description: 'Life-cycle state.',
      resolve: (user, _args, context) => readEnum(STATUS_READER, user.status, context.logger),
    }),
    statusRaw: t.string({
      nullable: true,
      description: 'The status exactly as ECGrid sent it.',
      resolve: (user) => user.status ?? null,
    }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the user was created. ECGrid timestamps without a zone are read as UTC.',
      resolve: (user) => readTimestamp(user.created) ?? null,
    }),
    modifiedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the user was last changed.',
      resolve: (user) => readTimestamp(user.modified) ?? null,
    }),
    lastLoginAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the user last signed in.',
      resolve: (user) => readTimestamp(user.lastLogin) ?? null,
    }),
    lockedOut: t.boolean({
      nullable: true,
      description: 'Whether failed sign-ins have locked the user out.',
      resolve: (user) => user.lockedOut ?? null,
    }),
    openSessions: t.int({
      nullable: true,
      description: 'How many sessions the user has open.',
      resolve: (user) => user.openSessions ?? null,
    }),
    smsReady: t.boolean({
      nullable: true,
      description:
        'Whether ECGrid can text this user: true with a cell phone and a known carrier, false when ECGrid reports either as missing, null when ECGrid did not say or names a carrier this gateway does not know.',
      resolve: (user) => smsReadiness(user).ready,
    }),
  }),
});
