/**
 * ECGrid's enums as tables from the GraphQL value name to the string ECGrid sends, each with
 * its description. Sources: the ECGridOS SOAP v4.1 WSDL (the complete CellCarrier list) and the
 * REST v2 appendix. ECGrid may add values at any time, so every reader must accept others.
 */
export interface EnumEntry {
  ecgrid: string;
  description: string;
}

export type EnumTable = Readonly<Record<string, EnumEntry>>;

/** Internal value for an ECGrid string that the gateway does not know; `<` never occurs in one. */
export const UNKNOWN_VALUE = '<unknown>';

/** CellCarrier sentinel meaning "keep the current carrier"; only valid in updates. */
export const CARRIER_NO_CHANGE = 'NoChange';
/** CellCarrier value meaning "no carrier configured". */
export const CARRIER_UNDEFINED = 'Undefined';

export const CELL_CARRIERS = {
  ATT_CINGULAR: { ecgrid: 'ATTCingular', description: 'AT&T Wireless, formerly Cingular.' },
  VERIZON: { ecgrid: 'Verizon', description: 'Verizon Wireless.' },
  T_MOBILE: { ecgrid: 'TMobile', description: 'T-Mobile US.' },
  SPRINT_PCS: { ecgrid: 'SprintPCS', description: 'Sprint PCS.' },
  NEXTEL: { ecgrid: 'Nextel', description: 'Nextel.' },
  ALLTEL: { ecgrid: 'Alltel', description: 'Alltel.' },
  VIRGIN_MOBILE: { ecgrid: 'VirginMobile', description: 'Virgin Mobile USA.' },
  ATT_PRE_CINGULAR: {
    ecgrid: 'ATTPreCingular',
    description: 'AT&T Wireless accounts from before the Cingular merger.',
  },
  ATT: { ecgrid: 'ATT', description: 'AT&T.' },
  BOOST_MOBILE: { ecgrid: 'BoostMobile', description: 'Boost Mobile.' },
  US_CELLULAR: { ecgrid: 'USCellular', description: 'U.S. Cellular.' },
  METRO_PCS: { ecgrid: 'MetroPCS', description: 'MetroPCS, now Metro by T-Mobile.' },
  POWERTEL: { ecgrid: 'Powertel', description: 'Powertel.' },
} as const satisfies EnumTable;

export const AUTH_LEVELS = {
  ROOT: { ecgrid: 'Root', description: 'Full control of the whole ECGrid system.' },
  TECH_OPS: { ecgrid: 'TechOps', description: 'Loren Data technical operations staff.' },
  NET_OPS: { ecgrid: 'NetOps', description: 'Loren Data network operations staff.' },
  NETWORK_ADMIN: { ecgrid: 'NetworkAdmin', description: 'Administers one network.' },
  NETWORK_USER: { ecgrid: 'NetworkUser', description: 'Works within one network.' },
  MAILBOX_ADMIN: { ecgrid: 'MailboxAdmin', description: 'Administers one mailbox.' },
  MAILBOX_USER: { ecgrid: 'MailboxUser', description: 'Works within one mailbox.' },
  TP_USER: { ecgrid: 'TPUser', description: 'A trading partner user with limited rights.' },
  GENERAL: { ecgrid: 'General', description: 'The lowest level: sees only itself.' },
} as const satisfies EnumTable;

export const USER_STATUSES = {
  DEVELOPMENT: { ecgrid: 'Development', description: 'Being set up; not yet in use.' },
  ACTIVE: { ecgrid: 'Active', description: 'In normal use.' },
  PREPRODUCTION: { ecgrid: 'Preproduction', description: 'In testing before production.' },
  SUSPENDED: { ecgrid: 'Suspended', description: 'Temporarily disabled.' },
  TERMINATED: { ecgrid: 'Terminated', description: 'Permanently closed.' },
} as const satisfies EnumTable;

/** The set of ECGrid strings a table knows, for membership checks on the hot path. */
export function ecgridValues(table: EnumTable): ReadonlySet<string> {
  return new Set(Object.values(table).map((entry) => entry.ecgrid));
}

export const KNOWN_CARRIERS = ecgridValues(CELL_CARRIERS);
