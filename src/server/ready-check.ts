import type { Logger } from 'pino';
import { type BreakerState, describeFailure, type UpstreamPolicy } from '../ecgrid/policy.js';
import type { EcgridTransport } from '../ecgrid/transport.js';
import type { IdempotencyStore } from '../idempotency/store.js';

/** The body of GET /ready. */
export interface ReadyReport {
  /** True when ECGrid and the idempotency store respond and the breaker is not open. */
  ready: boolean;
  ecgrid: { reachable: boolean; version: string | null; failure: string | null };
  breaker: BreakerState;
  idempotencyStore: { kind: 'memory' | 'redis'; reachable: boolean };
}

interface Probe {
  ecgrid: ReadyReport['ecgrid'];
  storeReachable: boolean;
  at: number;
}

/** Time limit of the readiness call to ECGrid, in ms. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Builds the /ready report from ECGrid's `GET /v2/auth/version`, which needs no credential, checked at most
 * once per `cacheMs`, and the circuit breaker's current state. The check goes around the
 * policy, so it is never retried and never moves the breaker.
 */
export class ReadyCheck {
  private probe: Probe | null = null;
  private running: Promise<Probe> | null = null;

  constructor(
    private readonly transport: EcgridTransport,
    private readonly policy: UpstreamPolicy,
    private readonly store: IdempotencyStore,
    private readonly cacheMs: number,
    private readonly logger: Logger,
  ) {}

  async report(): Promise<ReadyReport> {
    const probe = await this.currentProbe();
    const breaker = this.policy.breakerState;
    return {
      ready: probe.ecgrid.reachable && probe.storeReachable && breaker !== 'open',
      ecgrid: probe.ecgrid,
      breaker,
      idempotencyStore: { kind: this.store.kind, reachable: probe.storeReachable },
    };
  }

  private currentProbe(): Promise<Probe> {
    if (this.probe !== null && performance.now() - this.probe.at < this.cacheMs) {
      return Promise.resolve(this.probe);
    }
    this.running ??= this.runProbe().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runProbe(): Promise<Probe> {
    const [ecgrid, storeReachable] = await Promise.all([this.probeEcgrid(), this.probeStore()]);
    this.probe = { ecgrid, storeReachable, at: performance.now() };
    return this.probe;
  }

  private async probeEcgrid(): Promise<ReadyReport['ecgrid']> {
    try {
      const data = await this.transport.send({
        call: 'auth.version',
        method: 'GET',
        path: '/v2/auth/version',
        route: '/v2/auth/version',
        idempotent: true,
        credential: null,
        timeoutMs: PROBE_TIMEOUT_MS,
      });
      const version = (data as { version?: unknown } | null)?.version;
      return {
        reachable: true,
        version: typeof version === 'string' ? version : null,
        failure: null,
      };
    } catch (error) {
      const failure = describeFailure(error);
      this.logger.warn({ call: 'auth.version', reason: failure }, 'readiness check: ECGrid failed');
      return { reachable: false, version: null, failure };
    }
  }

  private async probeStore(): Promise<boolean> {
    try {
      await this.store.ping();
      return true;
    } catch (error) {
      this.logger.warn({ err: error }, 'readiness check: the idempotency store failed');
      return false;
    }
  }
}
