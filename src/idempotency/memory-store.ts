import type { ClaimRequest, ClaimResult, IdempotencyStore } from './store.js';

interface MemoryRecord {
  state: 'claimed' | 'sending' | 'done';
  fingerprint: string;
  owner: string;
  leaseUntil: number;
  expiresAt: number;
  outcome?: string;
}

/** How often expired records are removed, in ms. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Idempotency records in this process's memory; they are lost when the process stops.
 * NOTE: only the TTL bounds the number of records, so a flood of new keys grows memory for up
 * to IDEMPOTENCY_TTL_SECONDS; use REDIS_URL (with a maxmemory policy) where that matters.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly kind = 'memory';
  private readonly records = new Map<string, MemoryRecord>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const now = Date.now();
    const record = this.live(request.key, now);
    if (record === undefined || (record.state === 'claimed' && record.leaseUntil <= now)) {
      if (record !== undefined && record.fingerprint !== request.fingerprint) {
        return { status: 'mismatch' };
      }
      this.records.set(request.key, {
        state: 'claimed',
        fingerprint: request.fingerprint,
        owner: request.owner,
        leaseUntil: now + request.leaseMs,
        expiresAt: now + request.ttlMs,
      });
      return { status: 'claimed' };
    }
    if (record.fingerprint !== request.fingerprint) return { status: 'mismatch' };
    if (record.state === 'done') return { status: 'done', outcome: record.outcome ?? '' };
    if (record.leaseUntil > now) return { status: 'pending' };
    record.state = 'done';
    record.outcome = request.abandonedOutcome;
    record.expiresAt = now + request.ttlMs;
    return { status: 'done', outcome: request.abandonedOutcome };
  }

  async markSending(key: string, owner: string, leaseMs: number): Promise<boolean> {
    const record = this.live(key, Date.now());
    if (record?.owner !== owner || record.state !== 'claimed') return false;
    record.state = 'sending';
    record.leaseUntil = Date.now() + leaseMs;
    return true;
  }

  async complete(key: string, owner: string, outcome: string, ttlMs: number): Promise<void> {
    const record = this.live(key, Date.now());
    if (record?.owner !== owner) return;
    record.state = 'done';
    record.outcome = outcome;
    record.expiresAt = Date.now() + ttlMs;
  }

  async release(key: string, owner: string): Promise<void> {
    const record = this.records.get(key);
    if (record?.owner === owner && record.state !== 'done') this.records.delete(key);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.records.clear();
  }

  private live(key: string, now: number): MemoryRecord | undefined {
    const record = this.records.get(key);
    if (record === undefined || record.expiresAt > now) return record;
    this.records.delete(key);
    return undefined;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, record] of this.records) {
      if (record.expiresAt <= now) this.records.delete(key);
    }
  }
}
