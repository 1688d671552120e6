import { COMPONENT_SCHEMAS } from './openapi-schemas.js';

type Document = Record<string, unknown>;

interface Operation {
  operationId: string;
  summary: string;
  request?: string;
  response: string;
  /** Public operations need no credential. */
  public?: boolean;
  pathId?: boolean;
}

const jsonContent = (schema: string) => ({
  'application/json': { schema: { $ref: `#/components/schemas/${schema}` } },
});

const errorResponse = (description: string) => ({
  description,
  content: jsonContent('ErrorEnvelope'),
});

/** Every /v2/ operation the sandbox serves, keyed by path and then by lowercase method. */
const OPERATIONS: Record<string, Record<string, Operation>> = {
  '/v2/auth/version': {
    get: {
      operationId: 'getVersion',
      summary: 'API release',
      response: 'VersionEnvelope',
      public: true,
    },
  },
  '/v2/auth/login': {
    post: {
      operationId: 'login',
      summary: 'Exchange login and password for a Bearer token',
      request: 'LoginRequest',
      response: 'TokenEnvelope',
      public: true,
    },
  },
  '/v2/auth/refresh': {
    post: {
      operationId: 'refreshToken',
      summary: 'Replace a live Bearer token with a new one',
      request: 'RefreshRequest',
      response: 'TokenEnvelope',
      public: true,
    },
  },
  '/v2/auth/logout': {
    post: { operationId: 'logout', summary: 'End the Bearer session', response: 'BooleanEnvelope' },
  },
  '/v2/users/me': {
    get: { operationId: 'getCurrentUser', summary: 'The caller', response: 'UserEnvelope' },
  },
  '/v2/users/{id}': {
    get: { operationId: 'getUser', summary: 'One user', response: 'UserEnvelope', pathId: true },
  },
  '/v2/users/list': {
    post: {
      operationId: 'listUsers',
      summary: 'Visible users matching the filters, by userId, one page',
      request: 'ListUsersRequest',
      response: 'UserListEnvelope',
    },
  },
  '/v2/users/by-name': {
    post: {
      operationId: 'findUsersByName',
      summary: 'Visible users with a login',
      request: 'FindByNameRequest',
      response: 'UserListEnvelope',
    },
  },
  '/v2/users/send-sms': {
    post: {
      operationId: 'sendSms',
      summary: 'Send a text to a user; needs MailboxAdmin or higher',
      request: 'SendSmsRequest',
      response: 'BooleanEnvelope',
    },
  },
  '/v2/users/update-config': {
    post: {
      operationId: 'updateUserConfig',
      summary: 'Change SMS settings; needs MailboxAdmin or higher',
      request: 'UpdateConfigRequest',
      response: 'BooleanEnvelope',
    },
  },
  '/v2/users': {
    put: {
      operationId: 'updateUser',
      summary: 'Change contact fields',
      request: 'UpdateUserRequest',
      response: 'UserEnvelope',
    },
  },
  '/v2/users/key/{id}': {
    get: {
      operationId: 'getUserApiKey',
      summary: "A user's API key; needs NetworkAdmin or higher",
      response: 'StringEnvelope',
      pathId: true,
    },
  },
};

function buildOperation(operation: Operation): Document {
  const built: Document = {
    operationId: operation.operationId,
    summary: operation.summary,
    responses: {
      '200': { description: 'Success envelope', content: jsonContent(operation.response) },
      '400': errorResponse('InvalidParameter'),
      '401': errorResponse('InvalidAPIKey or InvalidSession'),
      '403': errorResponse('AccessDenied'),
      '404': errorResponse('ObjectNotFound, also for objects the caller may not see'),
      '429': errorResponse('RateLimitExceeded; see the Retry-After header'),
      '500': errorResponse('InternalError'),
    },
  };
  if (operation.public === true) built.security = [];
  if (operation.request !== undefined) {
    built.requestBody = { required: true, content: jsonContent(operation.request) };
  }
  if (operation.pathId === true) {
    built.parameters = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }];
  }
  return built;
}

/**
 * Builds the OpenAPI 3.0 document of the /v2/ calls. `serverUrl` becomes the only server
 * entry, so that a generator pointed at the document calls this sandbox.
 */
export function buildOpenApiDocument(serverUrl: string): Document {
  const paths: Record<string, Document> = {};
  for (const [path, methods] of Object.entries(OPERATIONS)) {
    paths[path] = Object.fromEntries(
      Object.entries(methods).map(([method, operation]) => [method, buildOperation(operation)]),
    );
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'ECGrid REST API v2 (sandbox)',
      version: '2.6',
      description: 'The ECGrid user and auth calls that the local sandbox serves.',
    },
    servers: [{ url: serverUrl }],
    security: [{ ApiKeyAuth: [] }, { BearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        BearerAuth: { type: 'http', scheme: 'bearer' },
      },
      schemas: COMPONENT_SCHEMAS,
    },
  };
}
