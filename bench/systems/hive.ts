import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { Logger } from '@graphql-hive/logger';
import { getComposedSchemaFromConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';
import { listen, setting } from './announce.js';

// The Hive Gateway peer: a supergraph composed from the sandbox's OpenAPI description, served
// by the Hive Gateway runtime, which forwards the client's X-API-Key. Nothing reports usage:
// no Hive token or registry is configured.
const upstream = setting('BENCH_UPSTREAM');
const log = new Logger({ level: 'error' });
const supergraph = await getComposedSchemaFromConfig(
  {
    subgraphs: [
      {
        sourceHandler: loadOpenAPISubgraph('ECGrid', {
          source: `${upstream}/_sandbox/openapi.json`,
          endpoint: upstream,
          operationHeaders: { 'X-API-Key': '{context.headers.x-api-key}' },
        }),
      },
    ],
  },
  log,
);
const gateway = createGatewayRuntime({
  supergraph,
  logging: log,
  landingPage: false,
  graphiql: false,
});
listen(createServer(gateway));
