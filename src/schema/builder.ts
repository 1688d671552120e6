import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import ZodPlugin from '@pothos/plugin-zod';
import { DateTimeResolver } from 'graphql-scalars';
import type { GatewayContext } from '../server/context.js';
import { validationErrorFromZod } from './validation.js';

/**
 * The one schema builder. The errors plugin comes before the zod plugin so that it catches
 * validation errors. The federation plugin needs the directives plugin before it, and comes
 * after every plugin that wraps resolvers, as its documentation requires.
 */
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
  plugins: [DirectivesPlugin, ErrorsPlugin, ZodPlugin, FederationPlugin],
  zod: { validationError: (zodError) => validationErrorFromZod(zodError) },
});

builder.addScalarType('DateTime', DateTimeResolver);

builder.queryType({ description: 'Reads from ECGrid.' });
builder.mutationType({ description: 'Changes in ECGrid, and text messages sent through it.' });
