import { z } from 'zod';
import { EcgridError } from './errors.js';
import type { Credential, EcgridTransport, UpstreamRequest } from './transport.js';
import type { CallerContext } from './users.js';

/** A Bearer session that ECGrid issued. */
export interface IssuedSession {
  token: string;
  expiresAt: Date;
  userId: number;
}

/**
 * The data of login and refresh. The token must be usable as an RFC 6750 bearer credential,
 * and `expiresAt` must carry a zone, because a session that ends at an unknown time cannot be
 * refreshed in time. ECGrid may also send the user id as a string.
 */
const sessionSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9\-._~+/]{1,4096}=*$/),
  expiresAt: z.iso.datetime({ offset: true }),
  userId: z.union([
    z.number().int().positive(),
    z
      .string()
      .regex(/^\d{1,10}$/)
      .transform(Number),
  ]),
});

/** Returns the Authorization credential that carries a session token. */
export function bearerCredential(token: string): Credential {
  return { header: 'authorization', value: `Bearer ${token}` };
}

/**
 * ECGrid's session calls: POST /v2/auth/login, /refresh and /logout. Login and refresh send no
 * credential, so a server-side API key never reaches them. Request bodies contain the password
 * or the token, and the transport logs only the call name, route, status and duration.
 */
export class EcgridAuth {
  constructor(
    private readonly transport: EcgridTransport,
    private readonly caller: Omit<CallerContext, 'credential'>,
  ) {}

  /** Signs in. ECGrid rejects wrong credentials with HTTP 401 (InvalidSession on the sandbox). */
  async login(login: string, password: string): Promise<IssuedSession> {
    const call = 'auth.login';
    const data = await this.transport.send(
      this.request(call, '/v2/auth/login', { login, password }, null, false),
    );
    return this.readSession(call, data);
  }

  /** Exchanges a live token for a new one; ECGrid revokes the old token. */
  async refresh(token: string): Promise<IssuedSession> {
    const call = 'auth.refresh';
    // Not idempotent: a refresh repeated after a lost response meets a token that ECGrid revoked.
    const data = await this.transport.send(
      this.request(call, '/v2/auth/refresh', { token }, null, false),
    );
    return this.readSession(call, data);
  }

  /** Ends the session of the given Bearer credential. */
  async logout(credential: Credential): Promise<void> {
    await this.transport.send(this.request('auth.logout', '/v2/auth/logout', {}, credential, true));
  }

  private readSession(call: string, data: unknown): IssuedSession {
    const parsed = sessionSchema.safeParse(data);
    if (!parsed.success) {
      throw new EcgridError(`ECGrid responded to ${call} with data that is not a session.`, {
        kind: 'malformed',
        call,
        status: 200,
        errorCode: null,
      });
    }
    const { token, expiresAt, userId } = parsed.data;
    return { token, expiresAt: new Date(expiresAt), userId };
  }

  private request(
    call: string,
    path: string,
    body: unknown,
    credential: Credential | null,
    idempotent: boolean,
  ): UpstreamRequest {
    return {
      call,
      method: 'POST',
      path,
      route: path,
      body,
      idempotent,
      credential,
      signal: this.caller.signal,
      requestId: this.caller.requestId,
    };
  }
}
