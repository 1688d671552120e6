import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';

interface OpenApiDocument {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, { operationId: string }>>;
  components: { schemas: Record<string, { required: string[] }> };
}

describe('sandbox OpenAPI description', () => {
  let sandbox: RunningSandbox;
  let document: OpenApiDocument;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    const response = await fetch(`${sandbox.url}/_sandbox/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApiDocument;
  });
  afterAll(() => sandbox.close());

  it('points at the sandbox itself', () => {
    expect(document.openapi).toBe('3.0.3');
    expect(document.servers).toEqual([{ url: sandbox.url }]);
  });

  it('names every gateway call', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, operation]) => `${method} ${path} ${operation.operationId}`,
      ),
    );
    expect(operations.sort()).toEqual([
      'get /v2/auth/version authVersion',
      'get /v2/users/me usersMe',
      'get /v2/users/{id} usersGet',
      'post /v2/users/by-name usersByName',
      'post /v2/users/list usersList',
      'post /v2/users/send-sms usersSendSms',
      'post /v2/users/update-config usersUpdateConfig',
    ]);
    expect(document.components.schemas.UserIDInfo?.required).toEqual(['userId']);
  });

  it('stays out of the request log', async () => {
    const response = await fetch(`${sandbox.url}/_sandbox/requests`);
    expect(await response.json()).toEqual({ requests: [] });
  });
});
