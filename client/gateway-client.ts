import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError, getOperationAST, OperationTypeNode, print } from 'graphql';
import { GraphQLClient } from 'graphql-request';

export interface GatewayClientOptions {
  /** The gateway's GraphQL endpoint, such as http://localhost:4000/graphql. */
  endpoint: string;
  /**
   * Returns the headers of each request, so that a refreshed session token is picked up, such
   * as `() => ({ authorization: \`Bearer ${token}\` })`.
   */
  headers?: () => Record<string, string>;
  /** HTTP method of queries; GET lets HTTP caches keep them. Mutations always go as POST. */
  queryMethod?: 'GET' | 'POST';
  fetch?: typeof fetch;
}

/**
 * The header that the gateway's CSRF prevention requires on every GET request. A plain HTML
 * form or an image tag cannot send it, so a GET with it comes from a script of an allowed page.
 */
export const CSRF_HEADER = 'x-ecgrid-csrf';

/** A result with its errors: `data` may be partial when `errors` is not empty. */
export interface GatewayResult<TData> {
  data: TData | null;
  errors: GraphQLFormattedError[];
  /** The HTTP status, which is 200 for partial data and for most GraphQL errors. */
  status: number;
}

/**
 * Sends the generated typed documents through graphql-request. `execute` returns data and
 * errors together, which graphql-request's `request` does not: it throws on any error, even
 * with partial data, and with `errorPolicy: 'all'` it drops the errors.
 */
export class GatewayClient {
  private readonly queries: GraphQLClient;
  private readonly mutations: GraphQLClient;

  constructor(options: GatewayClientOptions) {
    const common = {
      headers: () => ({ [CSRF_HEADER]: '1', ...options.headers?.() }),
      errorPolicy: 'all' as const,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    };
    this.queries = new GraphQLClient(options.endpoint, {
      ...common,
      method: options.queryMethod ?? 'POST',
    });
    // A separate POST client, so that a mutation never travels as GET, whatever graphql-request
    // decides for documents it cannot classify.
    this.mutations = new GraphQLClient(options.endpoint, { ...common, method: 'POST' });
  }

  async execute<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
  ): Promise<GatewayResult<TData>> {
    const operation = getOperationAST(document);
    const client = operation?.operation === OperationTypeNode.QUERY ? this.queries : this.mutations;
    const response = await client.rawRequest<TData, TVariables>(print(document), variables);
    return {
      data: response.data ?? null,
      errors: (response.errors ?? []) as GraphQLFormattedError[],
      status: response.status,
    };
  }
}
