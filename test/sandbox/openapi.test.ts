import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/sandbox/routes.js';
import { createSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { call, startTestSandbox } from './helpers.js';

let sandbox: RunningSandbox;
// biome-ignore lint/suspicious/noExplicitAny: the test walks an arbitrary JSON document.
let document: any;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const result = await call(sandbox, 'GET', '/_sandbox/openapi.json');
  expect(result.status).toBe(200);
  expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
  document = JSON.parse(result.text);
});
afterAll(() => sandbox.close());

/** Collects every `$ref` value in a JSON document. */
function collectRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else collectRefs(item, found);
    }
  }
  return found;
}

describe('GET /_sandbox/openapi.json', () => {
  it('declares OpenAPI 3.0 and the server', () => {
    expect(document.openapi).toBe('3.0.3');
    expect(document.info.version).toBe('2.6');
    expect(document.servers).toEqual([{ url: sandbox.url }]);
  });

  it('lists every served route', () => {
    const served = ROUTES.map((route) => `${route.method} ${route.template}`).sort();
    const documented = Object.entries(document.paths)
      .flatMap(([path, methods]) =>
        Object.keys(methods as object).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(documented).toEqual(served);
    expect(documented).toHaveLength(12);
  });

  it('resolves every schema reference', () => {
    const refs = collectRefs(document);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      const name = ref.slice('#/components/schemas/'.length);
      expect({ ref, defined: name in document.components.schemas }).toEqual({
        ref,
        defined: true,
      });
    }
  });

  it('uses unique operation ids', () => {
    const ids = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods as Record<string, { operationId: string }>).map(
        (operation) => operation.operationId,
      ),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('defines both security schemes', () => {
    expect(document.components.securitySchemes).toEqual({
      ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      BearerAuth: { type: 'http', scheme: 'bearer' },
    });
    expect(document.security).toEqual([{ ApiKeyAuth: [] }, { BearerAuth: [] }]);
  });

  it('marks public routes as credential-free', () => {
    const publicRoutes = ROUTES.filter((route) => route.public === true);
    expect(publicRoutes.map((route) => route.template)).toEqual([
      '/v2/auth/version',
      '/v2/auth/login',
      '/v2/auth/refresh',
    ]);
    for (const route of ROUTES) {
      const operation = document.paths[route.template][route.method.toLowerCase()];
      const expected = route.public === true ? [] : undefined;
      expect({ route: route.template, security: operation.security }).toEqual({
        route: route.template,
        security: expected,
      });
    }
  });

  it('describes the envelope and UserIDInfo', () => {
    const schemas = document.components.schemas;
    expect(schemas.UserEnvelope.required).toEqual(['success', 'data', 'errorCode', 'message']);
    expect(schemas.UserEnvelope.properties.data).toEqual({
      $ref: '#/components/schemas/UserIDInfo',
    });
    expect(schemas.UserIDInfo.required).toEqual(['userId']);
    expect(schemas.UserIDInfo.additionalProperties).toBe(true);
    expect(Object.keys(schemas.UserIDInfo.properties)).toContain('cellCarrier');
    expect(schemas.ErrorEnvelope.required).toEqual(['success', 'data', 'errorCode', 'message']);
    expect(schemas.ErrorEnvelope.properties.errorCode.type).toBe('string');
  });

  it('uses the Host header when mounted', async () => {
    const mounted = createSandbox();
    const server = createServer(mounted.handleControl);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const response = await request(`http://${host}/_sandbox/openapi.json`);
      const mountedDocument = (await response.body.json()) as { servers: unknown };
      expect(mountedDocument.servers).toEqual([{ url: `http://${host}` }]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
