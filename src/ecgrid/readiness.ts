import type { SmsNotDeliverableReason } from '../errors.js';
import { CARRIER_UNDEFINED, KNOWN_CARRIERS } from './enums.js';
import type { UserRecord } from './wire.js';

export type SmsReadiness =
  | { ready: true }
  | { ready: false; reason: Exclude<SmsNotDeliverableReason, 'NOT_SUBMITTED'> }
  | { ready: null };

/**
 * Decides from a user record whether ECGrid can text the user. ECGrid delivers only to users
 * with a cell phone and a supported carrier, and returns `true` without sending otherwise.
 * `ready: null` means the record cannot tell: a field is absent, or the carrier is one this
 * gateway does not know (ECGrid may support carriers added after this gateway was written).
 */
export function smsReadiness(user: UserRecord): SmsReadiness {
  if (user.cellPhone === null) return { ready: false, reason: 'NO_CELL_PHONE' };
  if (user.cellCarrier === null || user.cellCarrier === CARRIER_UNDEFINED) {
    return { ready: false, reason: 'NO_CELL_CARRIER' };
  }
  if (user.cellPhone === undefined || user.cellCarrier === undefined) return { ready: null };
  return KNOWN_CARRIERS.has(user.cellCarrier) ? { ready: true } : { ready: null };
}
