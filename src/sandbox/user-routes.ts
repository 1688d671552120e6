import { canSee, hasAuthLevel, SMS_CARRIERS } from './access.js';
import { accessDenied, invalidParameter, notFound } from './errors.js';
import {
  optionalInteger,
  optionalIntegerInRange,
  optionalString,
  pathInteger,
  requireInteger,
  requireNonEmptyString,
} from './params.js';
import type { CallContext, RouteDefinition } from './routes.js';
import type { StoredUser } from './store.js';

/** Largest page the list call accepts; bigger pages are rejected rather than truncated. */
export const MAX_RECORDS_PER_PAGE = 500;
const DEFAULT_RECORDS_PER_PAGE = 25;

/** Finds a user the caller may see; an invisible user is reported exactly like a missing one. */
function visibleUser(context: CallContext, userId: number): StoredUser {
  const user = context.state.users.get(userId);
  if (user === undefined || !canSee(context.caller, user)) {
    throw notFound(`user ${userId} not found`);
  }
  return user;
}

function listUsers({ state, caller, body }: CallContext): unknown {
  const networkId = optionalInteger(body, 'networkId');
  const mailboxId = optionalInteger(body, 'mailboxId');
  const authLevel = optionalString(body, 'authLevel');
  const status = optionalString(body, 'status');
  const pageNo = optionalIntegerInRange(body, 'pageNo', 1, Number.MAX_SAFE_INTEGER) ?? 1;
  const recordsPerPage =
    optionalIntegerInRange(body, 'recordsPerPage', 1, MAX_RECORDS_PER_PAGE) ??
    DEFAULT_RECORDS_PER_PAGE;
  const matches = state.users.ordered.filter(
    ({ record }) =>
      (networkId === undefined || record.networkId === networkId) &&
      (mailboxId === undefined || record.mailboxId === mailboxId) &&
      (authLevel === undefined || record.authLevel === authLevel) &&
      (status === undefined || record.status === status),
  );
  const visible = matches.filter((user) => canSee(caller, user));
  const first = (pageNo - 1) * recordsPerPage;
  return visible.slice(first, first + recordsPerPage).map((user) => user.record);
}

function findByName({ state, caller, body }: CallContext): unknown {
  const login = requireNonEmptyString(body, 'login');
  return state.users
    .findByLogin(login)
    .filter((user) => canSee(caller, user))
    .map((user) => user.record);
}

/**
 * Accepts a text for delivery. Like the live API, it returns true even when the target has no
 * cell phone or no supported carrier. In that case the text is dropped instead of recorded.
 */
function sendSms(context: CallContext): unknown {
  const userId = requireInteger(context.body, 'userId');
  const message = requireNonEmptyString(context.body, 'message');
  const target = visibleUser(context, userId);
  if (!hasAuthLevel(context.caller, 'MailboxAdmin')) {
    throw accessDenied('sending an SMS needs AuthLevel MailboxAdmin or higher');
  }
  const { cellPhone, cellCarrier } = target.record;
  const deliverable =
    typeof cellPhone === 'string' &&
    cellPhone !== '' &&
    typeof cellCarrier === 'string' &&
    SMS_CARRIERS.has(cellCarrier);
  if (deliverable) {
    const time = new Date().toISOString();
    context.state.messages.push({ userId, message, cellPhone, cellCarrier, time });
  }
  return true;
}

function readCarrier(context: CallContext): string | undefined {
  const carrier = optionalString(context.body, 'cellCarrier');
  const valid =
    carrier === undefined ||
    carrier === 'NoChange' ||
    carrier === 'Undefined' ||
    SMS_CARRIERS.has(carrier);
  if (!valid) {
    const allowed = ['NoChange', 'Undefined', ...SMS_CARRIERS].join(', ');
    throw invalidParameter(`cellCarrier must be one of ${allowed}; got "${carrier.slice(0, 40)}"`);
  }
  return carrier;
}

/** Changes SMS settings. Omitted fields keep their value; `NoChange` keeps the carrier too. */
function updateConfig(context: CallContext): unknown {
  const userId = requireInteger(context.body, 'userId');
  const cellPhone = optionalString(context.body, 'cellPhone');
  const cellCarrier = readCarrier(context);
  const target = visibleUser(context, userId);
  if (!hasAuthLevel(context.caller, 'MailboxAdmin')) {
    throw accessDenied('changing SMS settings needs AuthLevel MailboxAdmin or higher');
  }
  if (cellPhone !== undefined) target.record.cellPhone = cellPhone;
  if (cellCarrier !== undefined && cellCarrier !== 'NoChange') {
    target.record.cellCarrier = cellCarrier;
  }
  target.record.modified = new Date().toISOString();
  return true;
}

/**
 * Updates contact fields. Users may edit themselves; editing someone else needs MailboxAdmin or
 * higher, the same level the SMS calls need.
 */
function updateUser(context: CallContext): unknown {
  const userId = requireInteger(context.body, 'userId');
  const changes = {
    email: optionalString(context.body, 'email'),
    firstName: optionalString(context.body, 'firstName'),
    lastName: optionalString(context.body, 'lastName'),
  };
  if (changes.email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(changes.email)) {
    throw invalidParameter('email must be an e-mail address such as name@example.com');
  }
  const target = visibleUser(context, userId);
  if (target.userId !== context.caller.userId && !hasAuthLevel(context.caller, 'MailboxAdmin')) {
    throw accessDenied('updating another user needs AuthLevel MailboxAdmin or higher');
  }
  for (const [field, value] of Object.entries(changes)) {
    if (value !== undefined) target.record[field] = value;
  }
  target.record.modified = new Date().toISOString();
  return target.record;
}

function getApiKey(context: CallContext): unknown {
  const userId = pathInteger(context.params[0] ?? '', 'id');
  const target = visibleUser(context, userId);
  if (!hasAuthLevel(context.caller, 'NetworkAdmin')) {
    throw accessDenied('reading an API key needs AuthLevel NetworkAdmin or higher');
  }
  if (target.apiKey === undefined) throw notFound(`user ${userId} has no API key`);
  return target.apiKey;
}

export const userRoutes: RouteDefinition[] = [
  { method: 'GET', template: '/v2/users/me', handle: ({ caller }) => caller.record },
  { method: 'POST', template: '/v2/users/list', handle: listUsers },
  { method: 'POST', template: '/v2/users/by-name', handle: findByName },
  { method: 'POST', template: '/v2/users/send-sms', handle: sendSms },
  { method: 'POST', template: '/v2/users/update-config', handle: updateConfig },
  { method: 'PUT', template: '/v2/users', handle: updateUser },
  { method: 'GET', template: '/v2/users/key/{id}', handle: getApiKey },
  {
    method: 'GET',
    template: '/v2/users/{id}',
    handle: (context) => visibleUser(context, pathInteger(context.params[0] ?? '', 'id')).record,
  },
];
