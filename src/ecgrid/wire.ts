import { z } from 'zod';

/**
 * Tolerant readers for ECGrid's responses. The vendor's documents disagree on field names, and
 * ECGrid may add fields and enum values within v2, so unknown fields are ignored, a field of
 * the wrong type reads as null instead of failing the user, and enum strings are kept as sent.
 */

/** The envelope of every ECGrid response. */
export const envelopeSchema = z.object({
  success: z.boolean(),
  data: z.unknown(),
  errorCode: z.string().nullish(),
  message: z.string().nullish(),
});

const positiveInteger = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number),
]);

const text = z.string().nullable().optional().catch(null);
const integer = z
  .union([
    z.number().int(),
    z
      .string()
      .regex(/^-?\d{1,10}$/)
      .transform(Number),
  ])
  .nullable()
  .optional()
  .catch(null);
const decimal = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d{1,3}(\.\d+)?$/)
      .transform(Number),
  ])
  .nullable()
  .optional()
  .catch(null);
const flag = z.union([z.boolean(), z.number(), z.string()]).nullable().optional().catch(null);

const rawUserSchema = z.object({
  userId: positiveInteger,
  login: text,
  loginName: text,
  email: text,
  firstName: text,
  lastName: text,
  company: text,
  phone: text,
  cellPhone: text,
  cellCarrier: text,
  timeZoneOffset: decimal,
  networkId: integer,
  mailboxId: integer,
  authLevel: text,
  status: text,
  created: text,
  modified: text,
  lastLogin: text,
  lockedOut: flag,
  lockoutStatus: flag,
  openSessions: integer,
});

/**
 * A user as the gateway stores it. For every optional field, `undefined` means ECGrid did not
 * send the field and `null` means ECGrid sent it as null or empty, which ECGrid uses for
 * "not set". Enum fields keep ECGrid's string, known or not.
 */
export interface UserRecord {
  userId: number;
  login?: string | null;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  phone?: string | null;
  cellPhone?: string | null;
  cellCarrier?: string | null;
  timeZoneOffset?: number | null;
  networkId?: number | null;
  mailboxId?: number | null;
  authLevel?: string | null;
  status?: string | null;
  createdAt?: Date | null;
  modifiedAt?: Date | null;
  lastLoginAt?: Date | null;
  lockedOut?: boolean | null;
  openSessions?: number | null;
}

function present<T>(value: T | null | undefined): T | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  return value;
}

const ZONE_SUFFIX = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Reads an ISO 8601 timestamp. SOAP-era values carry no zone.
 * NOTE: a timestamp without a zone is read as UTC; ECGrid does not document the zone it means.
 */
function readTimestamp(value: string | null | undefined): Date | null | undefined {
  const kept = present(value);
  if (kept == null) return kept;
  const parsed = new Date(ZONE_SUFFIX.test(kept) ? kept : `${kept}Z`);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

const TRUE_WORDS = new Set(['true', 'yes', 'locked', 'lockedout', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'unlocked', 'notlocked', 'none', '0']);

/** Reads `lockedOut` (a boolean) or `lockoutStatus` (a boolean, a number or a word). */
function readLock(value: boolean | number | string | null | undefined): boolean | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value === 'boolean') return value;
  const word = String(value).trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

/** Parses one UserIDInfo; returns null when even `userId` is missing or invalid. */
export function readUser(raw: unknown): UserRecord | null {
  const parsed = rawUserSchema.safeParse(raw);
  if (!parsed.success) return null;
  const user = parsed.data;
  return {
    userId: user.userId,
    login: present(user.login !== undefined ? user.login : user.loginName),
    email: present(user.email),
    firstName: present(user.firstName),
    lastName: present(user.lastName),
    company: present(user.company),
    phone: present(user.phone),
    cellPhone: present(user.cellPhone),
    cellCarrier: present(user.cellCarrier),
    timeZoneOffset: user.timeZoneOffset,
    networkId: user.networkId,
    mailboxId: user.mailboxId,
    authLevel: present(user.authLevel),
    status: present(user.status),
    createdAt: readTimestamp(user.created),
    modifiedAt: readTimestamp(user.modified),
    lastLoginAt: readTimestamp(user.lastLogin),
    lockedOut: readLock(user.lockedOut !== undefined ? user.lockedOut : user.lockoutStatus),
    openSessions: user.openSessions,
  };
}

/** A page of a list call. `totalRecords` is null when ECGrid returned a bare array. */
export interface ListPage<T> {
  items: T[];
  totalRecords: number | null;
  /** How many entries ECGrid sent that could not be read, and were left out of `items`. */
  unreadable: number;
}

/**
 * Reads a list response, which ECGrid sends as a bare array or as a paged object
 * `{ totalRecords, pageNo, recordsPerPage, <items> }` whose item key varies by call.
 * Returns null when the data is neither.
 */
export function readList<T>(
  data: unknown,
  readItem: (raw: unknown) => T | null,
): ListPage<T> | null {
  let rawItems: unknown[] | undefined;
  let totalRecords: number | null = null;
  if (Array.isArray(data)) {
    rawItems = data;
  } else if (data !== null && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    rawItems = Object.values(record).find(Array.isArray);
    const total = record.totalRecords;
    if (typeof total === 'number' && Number.isInteger(total) && total >= 0) totalRecords = total;
  }
  if (!rawItems) return null;
  const items: T[] = [];
  for (const raw of rawItems) {
    const item = readItem(raw);
    if (item !== null) items.push(item);
  }
  return { items, totalRecords, unreadable: rawItems.length - items.length };
}
