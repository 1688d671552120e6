import { builder } from './builder.js';
import './enums.js';
import './errors.js';
import './user.js';
import './user-queries.js';
import './sms.js';
import './send-sms.js';
import './auth.js';
import { FEDERATION_LINK_URL } from './federation.js';
import { printSortedSubgraphSdl } from './subgraph-sdl.js';

/**
 * The gateway's schema as a Federation v2 subgraph (with `_service` and `_entities`), its types
 * and fields sorted.
 */
export const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK_URL });

/** The subgraph SDL sorted by name, which `_service { sdl }` returns and schema.graphql contains. */
export const subgraphSdl = printSortedSubgraphSdl(schema);

// The federation plugin's `_service` resolver returns its own print of the SDL, in declaration
// order. Both prints define the same schema, and returning the sorted one makes the SDL that
// routers read byte for byte the one committed in schema.graphql.
const serviceField = schema.getQueryType()?.getFields()._service;
if (serviceField) serviceField.resolve = () => ({ sdl: subgraphSdl });
