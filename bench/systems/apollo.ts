import { RESTDataSource } from '@apollo/datasource-rest';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { setting } from './announce.js';
import { smsReady } from './upstream.js';
import { PEER_SDL, toConnection, toUser } from './user-shape.js';

// The Apollo Server peer: the same schema over RESTDataSource, which deduplicates GETs within
// one request. Usage reporting, schema reporting and the landing page are off.
type Envelope<T> = { success: boolean; data: T };
type UserRecord = Record<string, unknown>;

class EcgridApi extends RESTDataSource {
  override baseURL = setting('BENCH_UPSTREAM');

  constructor(private readonly apiKey: string) {
    super();
  }

  override willSendRequest(_path: string, request: { headers: Record<string, string> }) {
    request.headers['x-api-key'] = this.apiKey;
  }

  async user(id: number): Promise<UserRecord> {
    return (await this.get<Envelope<UserRecord>>(`v2/users/${id}`)).data;
  }

  async list(recordsPerPage: number): Promise<UserRecord[]> {
    const body = { pageNo: 1, recordsPerPage };
    return (await this.post<Envelope<UserRecord[]>>('v2/users/list', { body })).data;
  }

  async sendSms(userId: number, message: string): Promise<boolean> {
    const body = { userId, message };
    return (await this.post<Envelope<boolean>>('v2/users/send-sms', { body })).data;
  }
}

type Context = { api: EcgridApi };

const server = new ApolloServer<Context>({
  typeDefs: PEER_SDL,
  resolvers: {
    Query: {
      user: async (_root, args: { id: string }, { api }) => toUser(await api.user(Number(args.id))),
      users: async (_root, args: { first?: number }, { api }) => {
        const first = args.first ?? 25;
        return toConnection(await api.list(first), first);
      },
    },
    Mutation: {
      sendSms: async (_root, args: { userId: string; message: string }, { api }) => {
        const user = await api.user(Number(args.userId));
        if (!smsReady(user)) return { message: 'not deliverable' };
        await api.sendSms(Number(args.userId), args.message);
        return { messageLength: [...args.message].length };
      },
    },
    SendSmsResult: {
      __resolveType: (value: object) =>
        'messageLength' in value ? 'SmsSubmitted' : 'SmsNotDeliverableError',
    },
  },
  plugins: [
    ApolloServerPluginLandingPageDisabled(),
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
  ],
});

const { url } = await startStandaloneServer(server, {
  listen: { port: 0, host: '127.0.0.1' },
  context: async ({ req }) => ({ api: new EcgridApi(String(req.headers['x-api-key'] ?? '')) }),
});
process.stderr.write(`READY ${new URL(url).port}\n`);
process.once('SIGTERM', () => process.exit(0));
