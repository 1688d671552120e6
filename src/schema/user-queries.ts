import type { ListUsersParams } from '../ecgrid/users.js';
import type { UserRecord } from '../ecgrid/wire.js';
import { builder } from './builder.js';
import { AuthLevel, UserStatus } from './enums.js';
import { encodeCursor, offsetAfter, readUserWindow } from './pagination.js';
import { User } from './user.js';
import { idSchema, integerInRange, knownEnumSchema, loginSchema, MAX_ID } from './validation.js';

const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

const UserFilter = builder.inputType('UserFilter', {
  description: 'Narrows `users`; every given field must match.',
  fields: (t) => ({
    networkId: t.int({
      description: 'Only users of this network.',
      validate: { schema: integerInRange(1, MAX_ID) },
    }),
    mailboxId: t.int({
      description: 'Only users of this mailbox; 0 selects network-level users.',
      validate: { schema: integerInRange(0, MAX_ID) },
    }),
    authLevel: t.field({
      type: AuthLevel,
      description: 'Only users with this AuthLevel.',
      validate: { schema: knownEnumSchema },
    }),
    status: t.field({
      type: UserStatus,
      description: 'Only users in this status.',
      validate: { schema: knownEnumSchema },
    }),
  }),
});

interface UserEdgeShape {
  node: UserRecord;
  cursor: string;
}

const PageInfo = builder.objectRef<{
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}>('PageInfo');
// Shareable: PageInfo's shape is fixed by the Relay cursor connections specification, so other
// subgraphs define the same type, and composition merges them when every subgraph marks it so.
PageInfo.implement({
  description: 'Where a page of a connection sits in the whole list (Relay cursor connections).',
  shareable: true,
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', {
      description: 'Whether records follow this page.',
    }),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage', {
      description: 'Whether records precede this page.',
    }),
    startCursor: t.exposeString('startCursor', {
      nullable: true,
      description: 'Cursor of the first edge.',
    }),
    endCursor: t.exposeString('endCursor', {
      nullable: true,
      description: 'Cursor of the last edge; pass it as `after`.',
    }),
  }),
});

const UserEdge = builder.objectRef<UserEdgeShape>('UserEdge').implement({
  description: 'A user in a page of `users`.',
  fields: (t) => ({
    node: t.field({ type: User, resolve: (edge) => edge.node }),
    cursor: t.exposeString('cursor', {
      description: 'Pass as `after` to continue after this user.',
    }),
  }),
});

const UserConnection = builder
  .objectRef<{
    edges: UserEdgeShape[];
    pageInfo: typeof PageInfo.$inferType;
    totalCount: number | null;
  }>('UserConnection')
  .implement({
    description: 'A page of users, ordered by id.',
    fields: (t) => ({
      edges: t.field({ type: [UserEdge], resolve: (page) => page.edges }),
      nodes: t.field({
        type: [User],
        description: 'The users of the edges, for clients that need no cursors.',
        resolve: (page) => page.edges.map((edge) => edge.node),
      }),
      pageInfo: t.field({ type: PageInfo, resolve: (page) => page.pageInfo }),
      totalCount: t.int({
        nullable: true,
        description: 'All matching users, when ECGrid reports the total; null when it does not.',
        resolve: (page) => page.totalCount,
      }),
    }),
  });

builder.queryFields((t) => ({
  user: t.field({
    type: User,
    nullable: true,
    description: 'One user by ECGrid userId; null when ECGrid has none visible to the credential.',
    args: { id: t.arg.id({ required: true, validate: { schema: idSchema } }) },
    resolve: (_root, args, context) => context.userLoader.load(Number(args.id)),
  }),
  me: t.field({
    type: User,
    description: 'The user that the credential belongs to.',
    resolve: async (_root, _args, context) => {
      const user = await context.ecgrid().me();
      context.userLoader.prime(user.userId, user);
      return user;
    },
  }),
  usersByLogin: t.field({
    type: [User],
    description: 'Users with this login name; one login may exist in several networks.',
    args: { login: t.arg.string({ required: true, validate: { schema: loginSchema } }) },
    resolve: (_root, args, context) => context.ecgrid().byLogin(args.login),
  }),
  users: t.field({
    type: UserConnection,
    description: 'Users visible to the credential, a page at a time (Relay cursor connection).',
    args: {
      filter: t.arg({ type: UserFilter }),
      first: t.arg.int({
        description: `Page size, 1 to ${MAX_PAGE_SIZE}. Default ${DEFAULT_PAGE_SIZE}.`,
        validate: { schema: integerInRange(1, MAX_PAGE_SIZE) },
      }),
      after: t.arg.string({ description: 'The endCursor of the previous page.' }),
    },
    resolve: async (_root, args, context) => {
      const first = args.first ?? DEFAULT_PAGE_SIZE;
      const offset = offsetAfter(args.after);
      const filter: Omit<ListUsersParams, 'pageNo' | 'recordsPerPage'> = {};
      if (args.filter?.networkId != null) filter.networkId = args.filter.networkId;
      if (args.filter?.mailboxId != null) filter.mailboxId = args.filter.mailboxId;
      if (args.filter?.authLevel != null) filter.authLevel = args.filter.authLevel;
      if (args.filter?.status != null) filter.status = args.filter.status;
      const users = context.ecgrid();
      const window = await readUserWindow(offset, first, (paging) =>
        users.list({ ...filter, ...paging }),
      );
      const edges = window.users.map((node, index) => {
        context.userLoader.prime(node.userId, node);
        return { node, cursor: encodeCursor(offset + index) };
      });
      return {
        edges,
        totalCount: window.totalRecords,
        pageInfo: {
          hasNextPage: window.hasNextPage,
          hasPreviousPage: offset > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
      };
    },
  }),
}));
