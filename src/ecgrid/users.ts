import type { Context } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { EcgridError } from './errors.js';
import type { UpstreamPolicy } from './policy.js';
import type { Credential, UpstreamRequest } from './transport.js';
import { type ListPage, readList, readUser, type UserRecord } from './wire.js';

/** Filters and paging of `POST /v2/users/list`; ECGrid numbers pages from 1. */
export interface ListUsersParams {
  networkId?: number;
  mailboxId?: number;
  authLevel?: string;
  status?: string;
  pageNo: number;
  recordsPerPage: number;
}

/** The fields of `POST /v2/users/update-config` that the gateway sets; omitted ones keep. */
export interface UserConfigUpdate {
  cellPhone?: string;
  cellCarrier?: string;
}

/** Who is asking: the credential, and the signal that fires when the client goes away. */
export interface CallerContext {
  credential: Credential | null;
  signal?: AbortSignal;
  requestId?: string;
  /** The GraphQL operation name, for logs. */
  operation?: string | null;
  logger?: Logger;
  traceContext?: Context;
}

function malformed(call: string, what: string): EcgridError {
  return new EcgridError(`ECGrid responded to ${call} with ${what}.`, {
    kind: 'malformed',
    call,
    status: 200,
    errorCode: null,
  });
}

/**
 * ECGrid's user calls, made with one caller's credential through the upstream policy. Each call
 * declares its retry class; reads are aborted when the caller's signal fires.
 */
export class EcgridUsers {
  constructor(
    private readonly policy: UpstreamPolicy,
    private readonly caller: CallerContext,
  ) {}

  /** Reads one user; a user that does not exist or is not visible throws ObjectNotFound. */
  async get(userId: number): Promise<UserRecord> {
    const request = this.request('users.get', 'GET', `/v2/users/${userId}`, '/v2/users/{id}');
    return this.readOne(request);
  }

  async me(): Promise<UserRecord> {
    return this.readOne(this.request('users.me', 'GET', '/v2/users/me', '/v2/users/me'));
  }

  async list(params: ListUsersParams): Promise<ListPage<UserRecord>> {
    const call = 'users.list';
    const data = await this.policy.send(
      this.request(call, 'POST', '/v2/users/list', '/v2/users/list', params),
      'idempotent',
    );
    return this.readUserList(call, data);
  }

  async byLogin(login: string): Promise<UserRecord[]> {
    const call = 'users.byName';
    const path = '/v2/users/by-name';
    const data = await this.policy.send(
      this.request(call, 'POST', path, path, { login }),
      'idempotent',
    );
    return this.readUserList(call, data).items;
  }

  /**
   * Asks ECGrid to text the user; true means ECGrid submitted the message for delivery. It is
   * sent at most once, and it is not abandoned when the client goes away, so that its outcome
   * is known and can be stored under the idempotency key.
   */
  async sendSms(userId: number, message: string): Promise<boolean> {
    const call = 'users.sendSms';
    const path = '/v2/users/send-sms';
    const request = this.request(call, 'POST', path, path, { userId, message }, false);
    const data = await this.policy.send({ ...request, signal: undefined }, 'at-most-once');
    if (typeof data !== 'boolean') throw malformed(call, 'data that is not a boolean');
    return data;
  }

  async updateConfig(userId: number, update: UserConfigUpdate): Promise<boolean> {
    const call = 'users.updateConfig';
    const path = '/v2/users/update-config';
    // update-config sets values, so repeating it is harmless.
    const data = await this.policy.send(
      this.request(call, 'POST', path, path, { userId, ...update }),
      'idempotent',
    );
    if (typeof data !== 'boolean') throw malformed(call, 'data that is not a boolean');
    return data;
  }

  /** Reads a list of users; entries without a valid userId are left out and logged. */
  private readUserList(call: string, data: unknown): ListPage<UserRecord> {
    const page = readList(data, readUser);
    if (!page) throw malformed(call, 'data that is not a list of users');
    if (page.unreadable > 0) {
      (this.caller.logger ?? this.policy.logger).warn(
        { call, skipped: page.unreadable },
        'skipped ECGrid list entries without a valid userId',
      );
    }
    return page;
  }

  private async readOne(request: UpstreamRequest): Promise<UserRecord> {
    const user = readUser(await this.policy.send(request, 'idempotent'));
    if (!user) throw malformed(request.call, 'a user without a valid userId');
    return user;
  }

  private request(
    call: string,
    method: UpstreamRequest['method'],
    path: string,
    route: string,
    body?: unknown,
    idempotent = true,
  ): UpstreamRequest {
    return {
      call,
      method,
      path,
      route,
      body,
      idempotent,
      credential: this.caller.credential,
      signal: this.caller.signal,
      requestId: this.caller.requestId,
      operation: this.caller.operation ?? null,
      logger: this.caller.logger,
      traceContext: this.caller.traceContext,
    };
  }
}
