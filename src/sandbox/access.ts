import type { StoredUser } from './store.js';

/** ECGrid AuthLevel values, highest first. A lower index means more rights. */
export const AUTH_LEVELS = [
  'Root',
  'TechOps',
  'NetOps',
  'NetworkAdmin',
  'NetworkUser',
  'MailboxAdmin',
  'MailboxUser',
  'TPUser',
  'General',
] as const;

export type AuthLevel = (typeof AUTH_LEVELS)[number];

/** Rank of an AuthLevel; an unknown or absent level ranks below General. */
function rank(level: unknown): number {
  const index = AUTH_LEVELS.indexOf(level as AuthLevel);
  return index === -1 ? AUTH_LEVELS.length : index;
}

/** Tests whether the caller's AuthLevel is `minimum` or higher. */
export function hasAuthLevel(caller: StoredUser, minimum: AuthLevel): boolean {
  return rank(caller.record.authLevel) <= rank(minimum);
}

/**
 * Tests whether `caller` may see `target`. Root, TechOps and NetOps may see every network.
 * NetworkAdmin and NetworkUser may see their network, MailboxAdmin and MailboxUser their
 * mailbox, and every other level only the caller's own record.
 */
export function canSee(caller: StoredUser, target: StoredUser): boolean {
  if (caller.userId === target.userId) return true;
  const callerRank = rank(caller.record.authLevel);
  if (callerRank <= rank('NetOps')) return true;
  const sameNetwork = target.record.networkId === caller.record.networkId;
  if (callerRank <= rank('NetworkUser')) return sameNetwork;
  if (callerRank <= rank('MailboxUser')) {
    return sameNetwork && target.record.mailboxId === caller.record.mailboxId;
  }
  return false;
}

/**
 * CellCarrier values that can deliver a text. `NoChange` and `Undefined` are sentinels (keep the
 * current value, none configured), so they are not carriers.
 */
export const SMS_CARRIERS: ReadonlySet<string> = new Set([
  'ATTCingular',
  'Verizon',
  'TMobile',
  'SprintPCS',
  'Nextel',
  'Alltel',
  'VirginMobile',
  'ATTPreCingular',
  'ATT',
  'BoostMobile',
  'USCellular',
  'MetroPCS',
  'Powertel',
]);
