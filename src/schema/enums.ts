import type { Logger } from 'pino';
import {
  AUTH_LEVELS,
  CARRIER_UNDEFINED,
  CELL_CARRIERS,
  type EnumTable,
  ecgridValues,
  UNKNOWN_VALUE,
  USER_STATUSES,
} from '../ecgrid/enums.js';
import { builder } from './builder.js';

const UNKNOWN_NAME = 'UNKNOWN';

function valuesOf(table: EnumTable, unknownDescription: string) {
  const values: Record<string, { value: string; description: string }> = {};
  for (const [name, entry] of Object.entries(table)) {
    values[name] = { value: entry.ecgrid, description: entry.description };
  }
  values[UNKNOWN_NAME] = { value: UNKNOWN_VALUE, description: unknownDescription };
  return values;
}

function unknownDescription(rawField: string): string {
  return `ECGrid sent a value this gateway does not know (ECGrid may add values at any time). The value as sent is in \`${rawField}\`. Never valid as input.`;
}

export const CellCarrier = builder.enumType('CellCarrier', {
  description:
    "A user's mobile carrier. ECGrid texts a user through the carrier's email-to-SMS gateway, so a text needs a carrier from this list.",
  values: valuesOf(CELL_CARRIERS, unknownDescription('User.cellCarrierRaw')),
});

export const AuthLevel = builder.enumType('AuthLevel', {
  description: "A user's rights in ECGrid, highest first.",
  values: valuesOf(AUTH_LEVELS, unknownDescription('User.authLevelRaw')),
});

export const UserStatus = builder.enumType('UserStatus', {
  description: 'The life-cycle state of an ECGrid user.',
  values: valuesOf(USER_STATUSES, unknownDescription('User.statusRaw')),
});

/** A GraphQL enum read from ECGrid: the GraphQL side of one enum table. */
export interface EnumReader {
  name: string;
  known: ReadonlySet<string>;
}

export const CARRIER_READER: EnumReader = {
  name: 'CellCarrier',
  known: ecgridValues(CELL_CARRIERS),
};
export const AUTH_LEVEL_READER: EnumReader = {
  name: 'AuthLevel',
  known: ecgridValues(AUTH_LEVELS),
};
export const STATUS_READER: EnumReader = { name: 'UserStatus', known: ecgridValues(USER_STATUSES) };

/** Each unknown value is logged once per process; the set stops growing at this size. */
const MAX_REPORTED = 1_000;
const reported = new Set<string>();

/**
 * Maps an ECGrid enum string to the internal value of its GraphQL enum: the string itself when
 * known, else UNKNOWN (logged once). The matching is exact, so another casing is unknown too.
 */
export function readEnum(
  reader: EnumReader,
  raw: string | null | undefined,
  logger: Logger,
): string | null {
  if (raw === null || raw === undefined) return null;
  if (reader.known.has(raw)) return raw;
  const key = `${reader.name}:${raw}`;
  if (!reported.has(key) && reported.size < MAX_REPORTED) {
    reported.add(key);
    logger.warn(
      { enum: reader.name, value: raw },
      'ECGrid sent an enum value this gateway does not know',
    );
  }
  return UNKNOWN_VALUE;
}

/** Reads a user's carrier; ECGrid's "Undefined" means none is configured and reads as null. */
export function readCarrier(raw: string | null | undefined, logger: Logger): string | null {
  return raw === CARRIER_UNDEFINED ? null : readEnum(CARRIER_READER, raw, logger);
}
