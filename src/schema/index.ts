import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './enums.js';
import './errors.js';
import './user.js';
import './user-queries.js';
import './sms.js';
import './send-sms.js';

/** The gateway's schema, with types and fields sorted so that its printed form is stable. */
export const schema = lexicographicSortSchema(builder.toSchema());
