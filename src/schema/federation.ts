import { ValidationError } from '../errors.js';
import type { GatewayContext } from '../server/context.js';
import { builder } from './builder.js';
import { User } from './user.js';
import { idSchema } from './validation.js';

/**
 * The Apollo Federation version this subgraph links: the Pothos plugin's default, and a version
 * that @apollo/composition 2.14 and Hive Gateway 2 both accept (the federation tests use them).
 * @shareable on a type needs 2.2 or later.
 */
export const FEDERATION_LINK_URL = 'https://specs.apollo.dev/federation/v2.6';

/**
 * Reads the id of a `User` representation with the rule of `user(id:)`. A GraphQL ID input
 * accepts a string or an integer, so an integer id is read as its decimal string too.
 */
function representationUserId(id: unknown): number {
  const text = typeof id === 'number' && Number.isInteger(id) ? String(id) : id;
  const parsed = idSchema.safeParse(text);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'must be an ECGrid id';
    throw new ValidationError([{ path: ['representations', 'id'], message }]);
  }
  return Number(parsed.data);
}

/**
 * `User @key(fields: "id")`: other subgraphs reference ECGrid users by id. `_entities` loads
 * every representation through the request's user loader. Repeated ids therefore cost one
 * ECGrid call, and distinct ids are fetched concurrently, at most LOADER_CONCURRENCY at a time.
 * An unknown or invisible id resolves null, and a malformed id fails only its own position.
 */
// NOTE: nothing bounds how many representations one request may send, just as nothing bounds
// how many `user(id:)` aliases an operation may hold, so one request can cause many ECGrid calls.
builder.asEntity(User, {
  // Routers send the id as the string that the referencing subgraph resolved, but a client that
  // calls `_entities` itself can send anything, so the resolver checks it.
  key: builder.selection<{ id: string }>('id'),
  // Async, so that a malformed id rejects this representation's promise: a synchronous throw
  // would fail the whole `_entities` list.
  resolveReference: async (reference, context: GatewayContext) =>
    context.userLoader.load(representationUserId(reference.id)),
});
