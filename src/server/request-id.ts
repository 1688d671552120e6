import { randomUUID } from 'node:crypto';

/**
 * An incoming X-Request-Id is kept when it looks like an id: 1 to 128 letters, digits and
 * `-_.:`. Anything else (empty, too long, spaces, control characters) could break log lines or
 * headers, so it is replaced with a generated UUID.
 */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/** Returns the incoming request id when it is acceptable, else a new random UUID. */
export function chooseRequestId(incoming: string | string[] | null | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && ACCEPTABLE_REQUEST_ID.test(value) ? value : randomUUID();
}
