import type { Socket } from 'node:net';
import { FaultSet } from './faults.js';
import { BoundedLog, type RequestLogEntry } from './request-log.js';
import type { SandboxSeed } from './seed.js';
import { UserStore } from './store.js';
import { TokenStore } from './tokens.js';

/** One text the sandbox accepted for delivery, as GET /_sandbox/sms lists it. */
export interface SmsRecord {
  userId: number;
  message: string;
  cellPhone: string;
  cellCarrier: string;
  /** ISO 8601 time the message was accepted. */
  time: string;
}

/** Everything a sandbox remembers between requests; reset() returns it to the seed. */
export class SandboxState {
  users: UserStore;
  readonly messages = new BoundedLog<SmsRecord>();
  readonly requests = new BoundedLog<RequestLogEntry>();
  readonly tokens: TokenStore;
  readonly faults = new FaultSet();
  /** URL that serves the /v2/ routes, known once startSandbox() listens; the OpenAPI server. */
  baseUrl: string | undefined;
  /** Connections that a fault left without a response. reset() and close() destroy them. */
  readonly stalledSockets = new Set<Socket>();

  constructor(
    private readonly seed: SandboxSeed,
    tokenTtlSeconds: number,
  ) {
    this.users = new UserStore(seed);
    this.tokens = new TokenStore(tokenTtlSeconds);
  }

  /** Keeps `socket` open without a response until the client, reset() or close() ends it. */
  stall(socket: Socket): void {
    this.stalledSockets.add(socket);
    socket.once('close', () => this.stalledSockets.delete(socket));
  }

  reset(): void {
    this.users = new UserStore(this.seed);
    this.messages.clear();
    this.requests.clear();
    this.tokens.clear();
    this.faults.clear();
    for (const socket of this.stalledSockets) socket.destroy();
    this.stalledSockets.clear();
  }
}
