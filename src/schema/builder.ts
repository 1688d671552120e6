import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import ZodPlugin from '@pothos/plugin-zod';
import { DateTimeResolver } from 'graphql-scalars';
import type { GatewayContext } from '../server/context.js';
import { validationErrorFromZod } from './validation.js';

/** The one schema builder. The errors plugin comes first so that it catches validation errors. */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string | number };
  };
  DefaultFieldNullability: false;
}>({
  // Fields are non-null unless they say otherwise, so that every nullable field is a decision.
  defaultFieldNullability: false,
  plugins: [ErrorsPlugin, ZodPlugin],
  zod: { validationError: (zodError) => validationErrorFromZod(zodError) },
});

builder.addScalarType('DateTime', DateTimeResolver);

builder.queryType({ description: 'Reads from ECGrid.' });
builder.mutationType({ description: 'Changes in ECGrid, and text messages sent through it.' });
