import { AUTH_LEVELS, SMS_CARRIERS } from './access.js';
import { ERROR_STATUS } from './errors.js';
import { MAX_RECORDS_PER_PAGE } from './user-routes.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const text = (description: string): Schema => ({ type: 'string', description });
const integer = (description: string): Schema => ({ type: 'integer', description });
const timestamp = (description: string): Schema => ({
  type: 'string',
  description: `${description} ISO 8601, sometimes without a time zone.`,
});

/**
 * UserIDInfo as the REST examples, the MCP pages and the SOAP v4.1 type name its fields. Only
 * userId is always present. Enum-like fields are plain strings because the live API may add
 * values at any time, and a client generated from this document must not reject them.
 */
const userIdInfo: Schema = {
  type: 'object',
  required: ['userId'],
  additionalProperties: true,
  properties: {
    userId: integer('ECGrid user id.'),
    login: text('Login name.'),
    loginName: text('Login name, as some vendor pages call it.'),
    email: text('E-mail address.'),
    firstName: text('Given name.'),
    lastName: text('Family name.'),
    company: text('Company name.'),
    phone: text('Office phone number.'),
    cellPhone: text('Cell phone number for SMS; empty when none is configured.'),
    cellCarrier: text(`Cell carrier; known values: Undefined, ${[...SMS_CARRIERS].join(', ')}.`),
    timeZoneOffset: { type: 'number', description: 'Offset from UTC in hours.' },
    networkId: integer('Network the user belongs to.'),
    mailboxId: integer('Mailbox the user belongs to; 0 for a network-level user.'),
    authLevel: text(`AuthLevel; known values, highest first: ${AUTH_LEVELS.join(', ')}.`),
    status: text('Known values: Development, Active, Preproduction, Suspended, Terminated.'),
    created: timestamp('Creation time.'),
    modified: timestamp('Last change.'),
    lastLogin: timestamp('Last login.'),
    lockedOut: { type: 'boolean', description: 'Whether the account is locked.' },
    lockoutStatus: text('Lockout state, as some vendor pages call it.'),
    openSessions: integer('Number of open sessions.'),
    timeOut: integer('Session timeout.'),
    recoveryQuestion: text('Password recovery question.'),
  },
};

/**
 * Builds the success envelope around one payload, since OpenAPI 3.0 has no generic types.
 * `data` is not marked nullable: OpenAPI 3.0 ignores siblings of `$ref`, and error responses
 * use ErrorEnvelope instead.
 */
function envelope(data: Schema): Schema {
  return {
    type: 'object',
    required: ['success', 'data', 'errorCode', 'message'],
    properties: {
      success: { type: 'boolean' },
      data,
      errorCode: { type: 'string', nullable: true, description: 'Null or empty on success.' },
      message: { type: 'string', nullable: true, description: 'Null or empty on success.' },
    },
  };
}

const tokenInfo: Schema = {
  type: 'object',
  required: ['token', 'expiresAt', 'userId'],
  properties: {
    token: text('Bearer token for the Authorization header.'),
    expiresAt: { type: 'string', format: 'date-time', description: 'UTC expiry time.' },
    userId: integer('The authenticated user.'),
  },
};

function requestBody(required: string[], properties: Record<string, Schema>): Schema {
  return { type: 'object', required, properties };
}

const userIdField = integer('Target user id.');

export const COMPONENT_SCHEMAS: Record<string, Schema> = {
  UserIDInfo: userIdInfo,
  TokenInfo: tokenInfo,
  UserEnvelope: envelope(ref('UserIDInfo')),
  UserListEnvelope: envelope({ type: 'array', items: ref('UserIDInfo') }),
  BooleanEnvelope: envelope({ type: 'boolean' }),
  StringEnvelope: envelope({ type: 'string' }),
  TokenEnvelope: envelope(ref('TokenInfo')),
  VersionEnvelope: envelope({
    type: 'object',
    required: ['version'],
    properties: { version: text('API release, such as 2.6.') },
  }),
  ErrorEnvelope: {
    type: 'object',
    required: ['success', 'data', 'errorCode', 'message'],
    properties: {
      // No `enum: [false]`: an OpenAPI-to-GraphQL generator may map it to a GraphQL enum, and
      // GraphQL enum values cannot be true, false or null.
      success: { type: 'boolean', description: 'Always false in an error response.' },
      data: { type: 'object', nullable: true },
      errorCode: text(`Known values: ${Object.keys(ERROR_STATUS).join(', ')}.`),
      message: text('Human-readable reason; for InvalidParameter it names the parameter.'),
    },
  },
  ListUsersRequest: requestBody([], {
    networkId: integer('Only users of this network.'),
    mailboxId: integer('Only users of this mailbox.'),
    authLevel: text('Only users with this AuthLevel.'),
    status: text('Only users with this status.'),
    pageNo: { type: 'integer', minimum: 1, default: 1 },
    recordsPerPage: { type: 'integer', minimum: 1, maximum: MAX_RECORDS_PER_PAGE, default: 25 },
  }),
  FindByNameRequest: requestBody(['login'], { login: text('Login name to look up.') }),
  SendSmsRequest: requestBody(['userId', 'message'], {
    userId: userIdField,
    message: { type: 'string', minLength: 1, description: 'Text to send.' },
  }),
  UpdateConfigRequest: requestBody(['userId'], {
    userId: userIdField,
    cellPhone: text('New cell phone number; an empty string clears it.'),
    cellCarrier: {
      type: 'string',
      enum: ['NoChange', 'Undefined', ...SMS_CARRIERS],
      description: 'New carrier; NoChange keeps the current one and Undefined clears it.',
    },
  }),
  UpdateUserRequest: requestBody(['userId'], {
    userId: userIdField,
    email: text('New e-mail address.'),
    firstName: text('New given name.'),
    lastName: text('New family name.'),
  }),
  LoginRequest: requestBody(['password'], {
    login: text('Login name or e-mail address.'),
    email: text('Accepted in place of login.'),
    password: { type: 'string', format: 'password' },
  }),
  RefreshRequest: requestBody(['token'], { token: text('The current Bearer token.') }),
};
