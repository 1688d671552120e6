import { GatewayClient, type GatewayClientOptions } from './gateway-client.js';
import { LoginDocument, LogoutDocument, RefreshSessionDocument } from './generated.js';

/** Share of a session's lifetime after which it is refreshed. */
const REFRESH_AT = 0.8;

type Outcome = { ok: true } | { ok: false; typename: string; message: string };

/**
 * Keeps a Bearer session for a frontend: signs in, sends the token on every request, refreshes
 * it before it expires, and logs out. The token stays in memory only.
 */
export class GatewaySession {
  private token: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly client: GatewayClient;

  /**
   * @param onRefreshFailed receives an error of a scheduled refresh, such as a network failure;
   *   the token is kept until ECGrid rejects it.
   */
  constructor(
    options: Omit<GatewayClientOptions, 'headers'>,
    private readonly onRefreshFailed: (error: unknown) => void = () => {},
  ) {
    this.client = new GatewayClient({
      ...options,
      headers: (): Record<string, string> =>
        this.token ? { authorization: `Bearer ${this.token}` } : {},
    });
  }

  /** Signs in; a wrong password or a throttled login comes back as `ok: false`. */
  async login(login: string, password: string): Promise<Outcome> {
    const { data, errors } = await this.client.execute(LoginDocument, { login, password });
    const result = data?.login;
    if (!result) throw new Error(`login failed: ${errors[0]?.message ?? 'no data'}`);
    if (result.__typename !== 'Session') {
      return { ok: false, typename: result.__typename, message: result.message };
    }
    this.keep(result.token, result.expiresInSeconds);
    return { ok: true };
  }

  /** Exchanges the token for a new one; the schedule calls it before the token expires. */
  async refresh(): Promise<Outcome> {
    if (this.token === null) return { ok: false, typename: 'NotSignedIn', message: 'No session.' };
    const { data, errors } = await this.client.execute(RefreshSessionDocument, {
      token: this.token,
    });
    const result = data?.refreshSession;
    if (!result) throw new Error(`refreshSession failed: ${errors[0]?.message ?? 'no data'}`);
    if (result.__typename !== 'Session') {
      this.forget();
      return { ok: false, typename: result.__typename, message: result.message };
    }
    this.keep(result.token, result.expiresInSeconds);
    return { ok: true };
  }

  /** Ends the session at ECGrid and drops the token. */
  async logout(): Promise<void> {
    if (this.token !== null) await this.client.execute(LogoutDocument, {});
    this.forget();
  }

  /** The current token, for tests and for callers that pass it on. */
  get currentToken(): string | null {
    return this.token;
  }

  private keep(token: string, expiresInSeconds: number): void {
    this.token = token;
    clearTimeout(this.timer);
    const delayMs = expiresInSeconds * REFRESH_AT * 1000;
    this.timer = setTimeout(() => {
      this.refresh().catch(this.onRefreshFailed);
    }, delayMs);
    this.timer.unref?.();
  }

  private forget(): void {
    this.token = null;
    clearTimeout(this.timer);
  }
}
