import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { IdempotencyStoreError } from '../errors.js';
import type { IdempotencyStore } from './store.js';

export interface GuardSettings {
  /** How long a completed key returns its first outcome, in ms. */
  ttlMs: number;
  /** How long a claim stays owned without progress, in ms; it must outlast one ECGrid call. */
  leaseMs: number;
  /** How long a duplicate waits for the first request before it reports IN_PROGRESS, in ms. */
  waitMs: number;
}

/** The owner's handle on a claimed key. */
export interface Lease {
  /** Marks the key as sending; false means another request took the key, so do not send. */
  markSending(): Promise<boolean>;
}

export interface GuardedRun {
  key: string;
  fingerprint: string;
  abandonedOutcome: string;
  /**
   * Does the work once and resolves the outcome to store under the key. Throwing frees the
   * key, so it must throw only when nothing was sent.
   */
  work(lease: Lease): Promise<string>;
}

export type GuardResult =
  | { status: 'done'; outcome: string; replayed: boolean }
  | { status: 'mismatch' }
  | { status: 'inProgress' };

/** Thrown by work whose lease was taken over before it sent anything. */
export class LeaseLostError extends Error {
  constructor() {
    super('Another request took over this idempotency key before the text was sent.');
    this.name = 'LeaseLostError';
  }
}

const FIRST_POLL_MS = 25;
const MAX_POLL_MS = 250;

/**
 * Runs the work of a key at most once until the key expires, unless the work throws, which
 * frees the key. Duplicates in this process share the first
 * request's promise; duplicates in other instances poll the shared store until the first
 * request completes, releases or loses the key.
 */
export class IdempotencyGuard {
  private readonly running = new Map<
    string,
    { fingerprint: string; result: Promise<GuardResult> }
  >();

  constructor(
    readonly store: IdempotencyStore,
    private readonly settings: GuardSettings,
    private readonly logger: Logger,
  ) {}

  async run(request: GuardedRun): Promise<GuardResult> {
    const local = this.running.get(request.key);
    if (local !== undefined) {
      if (local.fingerprint !== request.fingerprint) return { status: 'mismatch' };
      const result = await local.result;
      return result.status === 'done' ? { ...result, replayed: true } : result;
    }
    const result = this.claimAndRun(request);
    this.running.set(request.key, { fingerprint: request.fingerprint, result });
    try {
      return await result;
    } finally {
      this.running.delete(request.key);
    }
  }

  private async claimAndRun(request: GuardedRun): Promise<GuardResult> {
    const waitUntil = Date.now() + this.settings.waitMs;
    let pollMs = FIRST_POLL_MS;
    for (;;) {
      const owner = randomUUID();
      const claim = await this.storeCall('claim the idempotency key', () =>
        this.store.claim({
          key: request.key,
          fingerprint: request.fingerprint,
          owner,
          leaseMs: this.settings.leaseMs,
          ttlMs: this.settings.ttlMs,
          abandonedOutcome: request.abandonedOutcome,
        }),
      );
      if (claim.status === 'mismatch') return claim;
      if (claim.status === 'done')
        return { status: 'done', outcome: claim.outcome, replayed: true };
      if (claim.status === 'claimed') {
        const result = await this.runOwned(request, owner);
        if (result !== 'lost') return result;
      }
      if (Date.now() >= waitUntil) return { status: 'inProgress' };
      await sleep(pollMs);
      pollMs = Math.min(pollMs * 2, MAX_POLL_MS);
    }
  }

  private async runOwned(request: GuardedRun, owner: string): Promise<GuardResult | 'lost'> {
    const { key } = request;
    const lease: Lease = {
      markSending: () =>
        this.storeCall('mark the idempotency key as sending', () =>
          this.store.markSending(key, owner, this.settings.leaseMs),
        ),
    };
    let outcome: string;
    try {
      outcome = await request.work(lease);
    } catch (error) {
      if (error instanceof LeaseLostError) return 'lost';
      await this.store.release(key, owner).catch((releaseError: unknown) => {
        this.logger.error({ err: releaseError }, 'could not release an idempotency key');
      });
      throw error;
    }
    try {
      await this.store.complete(key, owner, outcome, this.settings.ttlMs);
    } catch (error) {
      // The caller still gets the outcome; a repeat after the lease reports ABANDONED.
      this.logger.error({ err: error }, 'could not store the outcome under its idempotency key');
    }
    return { status: 'done', outcome, replayed: false };
  }

  private async storeCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new IdempotencyStoreError(operation, error);
    }
  }
}
