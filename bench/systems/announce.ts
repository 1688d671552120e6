import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Imports a module of the gateway's compiled build (dist/, from `npm run build`), because a
 * deployment runs the compiled JavaScript. Under tsx every function also carries a naming
 * helper call, which a profile put at about 4% of the gateway's busy time on sendSms.
 */
export function fromBuild(path: string): Promise<unknown> {
  return import(new URL(`../../dist/${path}`, import.meta.url).href);
}

/** Reads a required setting of a system process; the harness always sets it. */
export function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

/** Prints the line the harness waits for, `READY <port>`, on stderr; stdout is the log. */
export function announce(server: Server): void {
  const { port } = server.address() as AddressInfo;
  process.stderr.write(`READY ${port}\n`);
}

/** Listens on a free loopback port, then announces it. */
export function listen(server: Server): void {
  server.listen(0, '127.0.0.1', () => announce(server));
}

/** Ends the process on SIGTERM, the harness's stop signal. */
process.once('SIGTERM', () => process.exit(0));
