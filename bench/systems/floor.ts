import { createServer } from 'node:http';
import SchemaBuilder from '@pothos/core';
import { listen, setting } from './announce.js';
import { Upstream } from './upstream.js';
import { toConnection, toUser, USER_FIELDS, type UserShape } from './user-shape.js';

// bench/node_modules holds another graphql-yoga (a dependency of Hive Gateway) with its own
// graphql; the floor must use the product's copies, which Pothos shares, or graphql rejects the
// schema as coming "from another module".
const { createYoga } = (await import(
  new URL('../../node_modules/graphql-yoga/esm/index.js', import.meta.url).href
)) as typeof import('graphql-yoga');

// The framework floor: graphql-yoga and Pothos with the gateway's fields, one resolver per
// ECGrid call over an undici pool, and nothing else (no loader, validation, logging or plugins).
const upstream = new Upstream(setting('BENCH_UPSTREAM'));
type Context = { apiKey: string };
const builder = new SchemaBuilder<{ Context: Context }>({});

const User = builder.objectRef<UserShape>('User').implement({
  fields: (t) => {
    const fields: Record<string, ReturnType<typeof t.exposeString>> = {
      id: t.exposeID('id') as never,
    };
    for (const [name, type] of Object.entries(USER_FIELDS)) {
      const key = name as keyof typeof USER_FIELDS;
      const options = { nullable: true } as const;
      if (type === 'String') fields[name] = t.exposeString(key as never, options);
      if (type === 'Int') fields[name] = t.exposeInt(key as never, options) as never;
      if (type === 'Float') fields[name] = t.exposeFloat(key as never, options) as never;
      if (type === 'Boolean') fields[name] = t.exposeBoolean(key as never, options) as never;
    }
    return fields;
  },
});
type Connection = ReturnType<typeof toConnection>;
type Edge = Connection['edges'][number];
const UserEdge = builder.objectRef<Edge>('UserEdge').implement({
  fields: (t) => ({
    node: t.field({ type: User, resolve: (edge) => edge.node }),
    cursor: t.exposeString('cursor'),
  }),
});
const PageInfo = builder.objectRef<Connection['pageInfo']>('PageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});
const UserConnection = builder.objectRef<Connection>('UserConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [UserEdge], resolve: (page) => page.edges }),
    pageInfo: t.field({ type: PageInfo, resolve: (page) => page.pageInfo }),
  }),
});
const SmsSubmitted = builder.objectRef<{ messageLength: number }>('SmsSubmitted').implement({
  fields: (t) => ({ messageLength: t.exposeInt('messageLength') }),
});
const NotDeliverable = builder.objectRef<{ message: string }>('SmsNotDeliverableError');
NotDeliverable.implement({ fields: (t) => ({ message: t.exposeString('message') }) });
const SendSmsResult = builder.unionType('SendSmsResult', {
  types: [SmsSubmitted, NotDeliverable],
  resolveType: (value) => ('messageLength' in value ? SmsSubmitted : NotDeliverable),
});

builder.queryType({
  fields: (t) => ({
    user: t.field({
      type: User,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, context) =>
        toUser(await upstream.getUser(Number(args.id), context.apiKey)),
    }),
    users: t.field({
      type: UserConnection,
      args: { first: t.arg.int() },
      resolve: async (_root, args, context) => {
        const first = args.first ?? 25;
        return toConnection(await upstream.listUsers(first, context.apiKey), first);
      },
    }),
  }),
});
builder.mutationType({
  fields: (t) => ({
    sendSms: t.field({
      type: SendSmsResult,
      args: { userId: t.arg.id({ required: true }), message: t.arg.string({ required: true }) },
      resolve: async (_root, args, context) => {
        const user = toUser(await upstream.getUser(Number(args.userId), context.apiKey));
        if (!user.smsReady) return { message: 'not deliverable' };
        await upstream.sendSms(Number(args.userId), args.message, context.apiKey);
        return { messageLength: [...args.message].length };
      },
    }),
  }),
});

const yoga = createYoga<Record<string, unknown>, Context>({
  schema: builder.toSchema(),
  landingPage: false,
  graphiql: false,
  logging: false,
  context: ({ request }) => ({ apiKey: request.headers.get('x-api-key') ?? '' }),
});
listen(createServer(yoga));
