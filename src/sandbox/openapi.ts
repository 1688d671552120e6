/**
 * The OpenAPI 3.0 description of the sandbox calls that the gateway makes (users and the version
 * check), served at GET /_sandbox/openapi.json.
 * OpenAPI-driven GraphQL gateways (the benchmark's peers) and API explorers read it. It describes
 * the sandbox's responses: every body is the ECGrid envelope, and `data` is the payload below.
 */

const USER_FIELDS = {
  userId: { type: 'integer' },
  login: { type: 'string' },
  email: { type: 'string', nullable: true },
  firstName: { type: 'string', nullable: true },
  lastName: { type: 'string', nullable: true },
  company: { type: 'string', nullable: true },
  phone: { type: 'string', nullable: true },
  cellPhone: { type: 'string', nullable: true },
  cellCarrier: { type: 'string', nullable: true },
  timeZoneOffset: { type: 'number', nullable: true },
  networkId: { type: 'integer', nullable: true },
  mailboxId: { type: 'integer', nullable: true },
  authLevel: { type: 'string', nullable: true },
  status: { type: 'string', nullable: true },
  created: { type: 'string', nullable: true },
  modified: { type: 'string', nullable: true },
  lastLogin: { type: 'string', nullable: true },
  lockedOut: { type: 'boolean', nullable: true },
  openSessions: { type: 'integer', nullable: true },
};

/** An envelope schema whose `data` is the given schema. */
function envelope(data: Record<string, unknown>) {
  return {
    type: 'object',
    required: ['success'],
    properties: {
      success: { type: 'boolean' },
      data,
      errorCode: { type: 'string', nullable: true },
      message: { type: 'string', nullable: true },
    },
  };
}

function jsonResponse(description: string, data: Record<string, unknown>) {
  return {
    '200': { description, content: { 'application/json': { schema: envelope(data) } } },
    default: {
      description: 'An error envelope: success false, errorCode and message set.',
      content: { 'application/json': { schema: envelope({ nullable: true }) } },
    },
  };
}

function jsonBody(properties: Record<string, unknown>, required: string[]) {
  return {
    required: true,
    content: { 'application/json': { schema: { type: 'object', required, properties } } },
  };
}

const USER = { $ref: '#/components/schemas/UserIDInfo' };
const USER_LIST = { type: 'array', items: USER };

const PATHS = {
  '/v2/users/me': {
    get: { operationId: 'usersMe', responses: jsonResponse("The caller's user.", USER) },
  },
  '/v2/users/{id}': {
    get: {
      operationId: 'usersGet',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      responses: jsonResponse('The user.', USER),
    },
  },
  '/v2/users/list': {
    post: {
      operationId: 'usersList',
      requestBody: jsonBody(
        {
          networkId: { type: 'integer' },
          mailboxId: { type: 'integer' },
          authLevel: { type: 'string' },
          status: { type: 'string' },
          pageNo: { type: 'integer', default: 1 },
          recordsPerPage: { type: 'integer', default: 25 },
        },
        [],
      ),
      responses: jsonResponse('One page of users.', USER_LIST),
    },
  },
  '/v2/users/by-name': {
    post: {
      operationId: 'usersByName',
      requestBody: jsonBody({ login: { type: 'string' } }, ['login']),
      responses: jsonResponse('Users with this login.', USER_LIST),
    },
  },
  '/v2/users/send-sms': {
    post: {
      operationId: 'usersSendSms',
      requestBody: jsonBody({ userId: { type: 'integer' }, message: { type: 'string' } }, [
        'userId',
        'message',
      ]),
      responses: jsonResponse('true when submitted for delivery.', { type: 'boolean' }),
    },
  },
  '/v2/users/update-config': {
    post: {
      operationId: 'usersUpdateConfig',
      requestBody: jsonBody(
        {
          userId: { type: 'integer' },
          cellPhone: { type: 'string' },
          cellCarrier: { type: 'string' },
        },
        ['userId'],
      ),
      responses: jsonResponse('true when stored.', { type: 'boolean' }),
    },
  },
  '/v2/auth/version': {
    get: {
      operationId: 'authVersion',
      security: [],
      responses: jsonResponse('The API version.', {
        type: 'object',
        properties: { version: { type: 'string' } },
      }),
    },
  },
};

/** Builds the document; `serverUrl` is the sandbox's base URL as the client reached it. */
export function openApiDocument(serverUrl: string): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: {
      title: 'ECGrid REST API v2 sandbox: user calls',
      version: '2.6',
      description: 'The user calls of the ECGrid sandbox. Every response is an ECGrid envelope.',
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }, { bearer: [] }],
    paths: PATHS,
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        UserIDInfo: { type: 'object', required: ['userId'], properties: USER_FIELDS },
      },
    },
  };
}
