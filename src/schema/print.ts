import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from './index.js';

/** Writes the printed schema to schema.graphql at the repository root (`npm run schema`). */
const target = new URL('../../schema.graphql', import.meta.url);
writeFileSync(target, `${printSchema(schema)}\n`);
process.stdout.write(`Wrote ${target.pathname}\n`);
