/** One /v2/ request as the control route GET /_sandbox/requests lists it. */
export interface RequestLogEntry {
  method: string;
  path: string;
  /** Route template such as `/v2/users/{id}`, or null when no route matched. */
  route: string | null;
  /** HTTP status sent, or 0 when the connection ended without a response. */
  status: number;
  durationMs: number;
  callerUserId: number | null;
  /** The incoming X-Request-Id header, or null. */
  requestId: string | null;
  /** ISO 8601 time the request arrived. */
  time: string;
}

/** Default capacity: enough for long benchmarks while bounding memory to tens of megabytes. */
export const DEFAULT_LOG_CAPACITY = 100_000;

/** A ring buffer that keeps the newest `capacity` entries in arrival order. */
export class BoundedLog<T> {
  private entries: T[] = [];
  private start = 0;

  constructor(readonly capacity: number = DEFAULT_LOG_CAPACITY) {}

  push(entry: T): void {
    if (this.entries.length < this.capacity) {
      this.entries.push(entry);
      return;
    }
    this.entries[this.start] = entry;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Returns the entries, oldest first. */
  list(): T[] {
    return [...this.entries.slice(this.start), ...this.entries.slice(0, this.start)];
  }

  get size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
    this.start = 0;
  }
}
