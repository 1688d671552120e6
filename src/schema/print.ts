import { writeFileSync } from 'node:fs';
import { subgraphSdl } from './index.js';

/** Writes the subgraph SDL to schema.graphql at the repository root (`npm run schema`). */
const target = new URL('../../schema.graphql', import.meta.url);
writeFileSync(target, `${subgraphSdl}\n`);
process.stdout.write(`Wrote ${target.pathname}\n`);
