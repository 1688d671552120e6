import { Pool } from 'undici';

/**
 * The undici pool and the ECGrid calls that the proxy and the framework floor make: no
 * timeouts, no error mapping, no logging, just the HTTP hop and the envelope's `data`.
 */
export class Upstream {
  private readonly pool: Pool;

  constructor(baseUrl: string, connections = 128) {
    this.pool = new Pool(baseUrl, { connections });
  }

  async call(method: 'GET' | 'POST', path: string, apiKey: string, body?: unknown) {
    const headers: Record<string, string> = { 'x-api-key': apiKey };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.pool.request({
      method,
      path,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const envelope = (await response.body.json()) as { success: boolean; data: unknown };
    if (!envelope.success)
      throw new Error(`ECGrid responded to ${path} with HTTP ${response.statusCode}`);
    return envelope.data;
  }

  getUser(id: number, apiKey: string) {
    return this.call('GET', `/v2/users/${id}`, apiKey) as Promise<Record<string, unknown>>;
  }

  listUsers(recordsPerPage: number, apiKey: string) {
    const body = { pageNo: 1, recordsPerPage };
    return this.call('POST', '/v2/users/list', apiKey, body) as Promise<Record<string, unknown>[]>;
  }

  sendSms(userId: number, message: string, apiKey: string) {
    return this.call('POST', '/v2/users/send-sms', apiKey, { userId, message });
  }
}

/** Whether ECGrid can text the user, as the gateway decides it. */
export function smsReady(user: Record<string, unknown>): boolean {
  const carrier = user.cellCarrier;
  return Boolean(user.cellPhone) && typeof carrier === 'string' && carrier !== 'Undefined';
}
