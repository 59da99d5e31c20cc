import type { JetStreamContext } from './jetstream.context';

/** Anything with a `parse` that throws on invalid input (a zod schema, for one). */
export type PayloadSchema<T = unknown> = { parse(data: unknown): T };

/** A handler as the dispatcher sees it: how to call it, and the schema its payload must pass. */
export type RegisteredHandler = {
  readonly invoke: (data: unknown, context: JetStreamContext) => Promise<unknown>;
  readonly schema?: PayloadSchema;
};

export function isPayloadSchema(value: unknown): value is PayloadSchema {
  return typeof value === 'object' && value !== null && 'parse' in value && typeof value.parse === 'function';
}
