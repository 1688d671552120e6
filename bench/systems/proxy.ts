import { createServer, type IncomingMessage } from 'node:http';
import { listen, setting } from './announce.js';
import { Upstream } from './upstream.js';
import { toConnection, toUser } from './user-shape.js';

// The hand-written proxy: node:http in front, an undici pool behind, and per scenario exactly
// the ECGrid calls it needs, answered in the GraphQL response shape. It parses no GraphQL, so
// it separates the cost of the two HTTP hops from everything a GraphQL server adds.
const upstream = new Upstream(setting('BENCH_UPSTREAM'));
const FAN_OUT = Number(process.env.BENCH_FAN_OUT ?? 16);

type Plan = (body: Record<string, unknown>, apiKey: string) => Promise<unknown>;

/** Runs `work` over `items` with at most `limit` in flight, keeping the order. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const PLANS: Record<string, Plan> = {
  user: async (body, apiKey) => ({ user: toUser(await upstream.getUser(Number(body.id), apiKey)) }),
  aliases: async (body, apiKey) => {
    const ids = body.ids as number[];
    const distinct = [...new Set(ids)];
    const users = await mapLimited(distinct, FAN_OUT, (id) => upstream.getUser(id, apiKey));
    const byId = new Map(users.map((user) => [Number(user.userId), toUser(user)]));
    return Object.fromEntries(ids.map((id, index) => [`u${index}`, byId.get(id)]));
  },
  users: async (body, apiKey) => {
    const first = Number(body.first ?? 25);
    return { users: toConnection(await upstream.listUsers(first, apiKey), first) };
  },
  sendSms: async (body, apiKey) => {
    const userId = Number(body.userId);
    await upstream.getUser(userId, apiKey);
    await upstream.sendSms(userId, String(body.message), apiKey);
    return {
      sendSms: { __typename: 'SmsSubmitted', messageLength: [...String(body.message)].length },
    };
  },
};

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
}

listen(
  createServer(async (request, response) => {
    const plan = PLANS[(request.url ?? '').replace('/proxy/', '')];
    if (!plan) {
      response.writeHead(404).end();
      return;
    }
    try {
      const data = await plan(await readBody(request), String(request.headers['x-api-key']));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data }));
    } catch (error) {
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
    }
  }),
);
