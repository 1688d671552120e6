import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface LoginThrottleOptions {
  /** Failed logins per login name within the window. */
  maxFailuresPerLogin: number;
  /** Failed logins per client address within the window. */
  maxFailuresPerAddress: number;
  /** Seconds from a key's first failure until its count starts again at zero. */
  windowSeconds: number;
}

/** A login attempt in flight. It counts as a failure until it reports another outcome. */
export interface LoginAttempt {
  /** The credentials were right: the login name's failures are forgotten. */
  succeeded(): Promise<void>;
  /** ECGrid could not decide (timeout, outage), so the attempt does not count. */
  abandoned(): Promise<void>;
}

export type LoginAdmission =
  | { admitted: true; attempt: LoginAttempt }
  | { admitted: false; retryAfterSeconds: number };

/** Folds case and compatibility forms, so that "Parcel.Ops" and "parcel.ops" share a count. */
function loginKey(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}

function retryAfter(rejection: unknown): number {
  if (rejection instanceof RateLimiterRes)
    return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  throw rejection;
}

/**
 * Throttles failed logins per login name and per client address, with a fixed window per key.
 * Every attempt takes a point from both counters before ECGrid is called, so concurrent
 * guesses cannot all pass the check. A success or an abandoned attempt gives its points back.
 * NOTE: the counters live in this process's memory, so they start at zero on restart and each
 * gateway replica counts on its own.
 */
export class LoginThrottle {
  private readonly byLogin: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(options: LoginThrottleOptions) {
    this.byLogin = new RateLimiterMemory({
      keyPrefix: 'login',
      points: options.maxFailuresPerLogin,
      duration: options.windowSeconds,
    });
    this.byAddress = new RateLimiterMemory({
      keyPrefix: 'address',
      points: options.maxFailuresPerAddress,
      duration: options.windowSeconds,
    });
  }

  /** Admits an attempt, or returns how long the caller must wait. */
  async begin(login: string, address: string): Promise<LoginAdmission> {
    const key = loginKey(login);
    try {
      await this.byAddress.consume(address);
    } catch (rejection) {
      return { admitted: false, retryAfterSeconds: retryAfter(rejection) };
    }
    try {
      await this.byLogin.consume(key);
    } catch (rejection) {
      await this.giveBack(this.byAddress, address);
      return { admitted: false, retryAfterSeconds: retryAfter(rejection) };
    }
    return {
      admitted: true,
      attempt: {
        succeeded: async () => {
          await this.byLogin.delete(key);
          await this.giveBack(this.byAddress, address);
        },
        abandoned: async () => {
          await this.giveBack(this.byLogin, key);
          await this.giveBack(this.byAddress, address);
        },
      },
    };
  }

  /** Returns one point, unless the key's window has ended and its count is gone already. */
  private async giveBack(limiter: RateLimiterMemory, key: string): Promise<void> {
    const current = await limiter.get(key);
    if (current !== null && current.consumedPoints > 0) await limiter.reward(key, 1);
  }
}
