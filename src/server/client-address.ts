import { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';

/** The address of a request that did not come through node:http, such as yoga.fetch in tests. */
export const UNKNOWN_ADDRESS = 'unknown';

/**
 * Reduces an address to the unit that one client controls: IPv4-mapped IPv6 to IPv4, and IPv6
 * to its /64 prefix, because one host is commonly given a whole /64.
 */
export function clientUnit(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = (parsed as ipaddr.IPv6).toNormalizedString().split(':').slice(0, 4).join(':');
  return `${prefix}::/64`;
}

/**
 * Builds the function that names a request's client: the socket's peer, or, when that peer is a
 * trusted proxy, the nearest X-Forwarded-For entry that is not a trusted proxy (proxy-addr).
 */
export function clientAddressResolver(trustedProxies: string[]): (request: unknown) => string {
  const trust = proxyAddr.compile(trustedProxies);
  return (request) => {
    if (!(request instanceof IncomingMessage) || request.socket.remoteAddress === undefined) {
      return UNKNOWN_ADDRESS;
    }
    return clientUnit(proxyAddr(request, trust));
  };
}
