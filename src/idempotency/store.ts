/**
 * The record behind one idempotency key. `claimed`: a request owns the key and has not yet
 * sent; `sending`: its owner is calling ECGrid; `done`: the outcome is stored. A lease bounds
 * how long a claimed or sending record stays owned, so that a key whose owner died is freed.
 */
export type ClaimResult =
  /** The caller now owns the key and must complete or release it. */
  | { status: 'claimed' }
  /** Another request owns the key and its lease has not expired. */
  | { status: 'pending' }
  /** The key was first used with other arguments. */
  | { status: 'mismatch' }
  /** The stored outcome, as the string that completed the key. */
  | { status: 'done'; outcome: string };

export interface ClaimRequest {
  key: string;
  /** Hash of the arguments the key was first used with. */
  fingerprint: string;
  /** A random id of the request that claims. */
  owner: string;
  leaseMs: number;
  ttlMs: number;
  /** The outcome to store when the key's owner died while sending. */
  abandonedOutcome: string;
}

/** Where idempotency records live: in this process, or in Redis shared by instances. */
export interface IdempotencyStore {
  readonly kind: 'memory' | 'redis';
  /**
   * Claims a free key, or a key whose owner's lease expired before it started sending. A key
   * whose owner's lease expired while sending is completed with `abandonedOutcome`.
   */
  claim(request: ClaimRequest): Promise<ClaimResult>;
  /** Marks the owner's claim as sending and renews its lease; false when it lost the claim. */
  markSending(key: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Stores the outcome for `ttlMs` when `owner` still owns the key. */
  complete(key: string, owner: string, outcome: string, ttlMs: number): Promise<void>;
  /** Frees a key that `owner` claimed but did not complete. */
  release(key: string, owner: string): Promise<void>;
  /** Resolves when the store responds, and rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
