import { randomBytes } from 'node:crypto';

interface Session {
  userId: number;
  expiresAtMs: number;
}

export interface IssuedToken {
  token: string;
  /** ISO 8601 UTC time the token stops being accepted. */
  expiresAt: string;
  userId: number;
}

/** Number of sessions past which issue() first drops expired ones, so memory stays bounded. */
const SWEEP_THRESHOLD = 10_000;

/** Bearer tokens issued by POST /v2/auth/login; opaque random strings, not JWTs. */
export class TokenStore {
  private readonly sessions = new Map<string, Session>();
  /** Size at which the next sweep runs. It doubles past the live count, so sweeps stay rare. */
  private nextSweepAt = SWEEP_THRESHOLD;

  /** @param ttlSeconds lifetime of each token in seconds (fractions allowed, for tests). */
  constructor(private readonly ttlSeconds: number) {}

  issue(userId: number, now = Date.now()): IssuedToken {
    if (this.sessions.size >= this.nextSweepAt) this.sweep(now);
    const token = randomBytes(32).toString('base64url');
    const expiresAtMs = now + this.ttlSeconds * 1000;
    this.sessions.set(token, { userId, expiresAtMs });
    return { token, expiresAt: new Date(expiresAtMs).toISOString(), userId };
  }

  /** Returns the user id of a live token, or undefined for an unknown or expired one. */
  resolve(token: string, now = Date.now()): number | undefined {
    const session = this.sessions.get(token);
    if (session === undefined) return undefined;
    if (session.expiresAtMs <= now) {
      this.sessions.delete(token);
      return undefined;
    }
    return session.userId;
  }

  revoke(token: string): boolean {
    return this.sessions.delete(token);
  }

  clear(): void {
    this.sessions.clear();
    this.nextSweepAt = SWEEP_THRESHOLD;
  }

  get size(): number {
    return this.sessions.size;
  }

  private sweep(now: number): void {
    for (const [token, session] of this.sessions) {
      if (session.expiresAtMs <= now) this.sessions.delete(token);
    }
    this.nextSweepAt = Math.max(SWEEP_THRESHOLD, this.sessions.size * 2);
  }
}
