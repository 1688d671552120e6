/**
 * Tolerant readers for ECGrid's responses. The vendor's documents disagree on field names, and
 * ECGrid may add fields and enum values within v2, so unknown fields are ignored, a field of
 * the wrong type reads as null instead of failing the user, and enum strings are kept as sent.
 */

/** The envelope of every ECGrid response. */
export interface Envelope {
  success: boolean;
  data: unknown;
  errorCode?: string | null;
  message?: string | null;
}

function isOptionalText(value: unknown): value is string | null | undefined {
  return value === undefined || value === null || typeof value === 'string';
}

/**
 * Reads the envelope of a parsed response body. Returns null unless `success` is a boolean and
 * `errorCode` and `message`, when present, are strings or null.
 */
export function readEnvelope(json: unknown): Envelope | null {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const { success, data, errorCode, message } = json as Record<string, unknown>;
  if (typeof success !== 'boolean' || !isOptionalText(errorCode) || !isOptionalText(message)) {
    return null;
  }
  return { success, data, errorCode, message };
}

// Responses are read by plain functions rather than zod schemas, because the user schema (with a
// fallback per field) measured about 3.5% of the CPU of a single-user query, and a list page
// contains hundreds of users. test/ecgrid/tolerant-reading.test.ts pins the rules.
type Field<T> = T | null | undefined;

/** Returns a string as sent, and null for a value of another type. */
function text(value: unknown): Field<string> {
  if (value === undefined || value === null || typeof value === 'string') return value;
  return null;
}

const INTEGER_TEXT = /^-?\d{1,10}$/;
const DECIMAL_TEXT = /^-?\d{1,3}(\.\d+)?$/;

/** Reads an integer or a string of one, and returns null for anything else. */
function integer(value: unknown): Field<number> {
  if (value === undefined || value === null) return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  return typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : null;
}

/** Reads a finite number or a short decimal string such as "-5.5", else returns null. */
function decimal(value: unknown): Field<number> {
  if (value === undefined || value === null) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return typeof value === 'string' && DECIMAL_TEXT.test(value) ? Number(value) : null;
}

/** Returns a boolean, number or string as sent (ECGrid's lock fields), and null for others. */
function flag(value: unknown): Field<boolean | number | string> {
  if (value === undefined || value === null) return value;
  const type = typeof value;
  if (type === 'boolean' || type === 'number' || type === 'string') {
    return value as boolean | number | string;
  }
  return null;
}

/** Reads a user id (a positive integer, or a string of up to ten digits), else returns null. */
function userIdOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : null;
  return typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : null;
}

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
  /** Timestamps as ECGrid sent them. readTimestamp parses one when a query selects it. */
  created?: string | null;
  modified?: string | null;
  lastLogin?: string | null;
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
export function readTimestamp(value: string | null | undefined): Date | null | undefined {
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
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const user = raw as Record<string, unknown>;
  const userId = userIdOf(user.userId);
  if (userId === null) return null;
  const login = text(user.login);
  const lockedOut = flag(user.lockedOut);
  return {
    userId,
    login: present(login !== undefined ? login : text(user.loginName)),
    email: present(text(user.email)),
    firstName: present(text(user.firstName)),
    lastName: present(text(user.lastName)),
    company: present(text(user.company)),
    phone: present(text(user.phone)),
    cellPhone: present(text(user.cellPhone)),
    cellCarrier: present(text(user.cellCarrier)),
    timeZoneOffset: decimal(user.timeZoneOffset),
    networkId: integer(user.networkId),
    mailboxId: integer(user.mailboxId),
    authLevel: present(text(user.authLevel)),
    status: present(text(user.status)),
    created: present(text(user.created)),
    modified: present(text(user.modified)),
    lastLogin: present(text(user.lastLogin)),
    lockedOut: readLock(lockedOut !== undefined ? lockedOut : flag(user.lockoutStatus)),
    openSessions: integer(user.openSessions),
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
