import * as z from 'zod/mini';
import type { FieldKind, FieldTable, RequestOf } from './request-fields';

const STORED: { [K in FieldKind]: () => z.ZodMiniType } = {
  text: () => z.string(),
  'optional-text': () => z.optional(z.string()),
  seconds: () => z.number(),
};

/** The schema of a request as a cache file stores it, made from its field table (request-fields.ts). */
export function storedRequestSchema<T extends FieldTable>(table: T): z.ZodMiniType<RequestOf<T>> {
  const shape = Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, STORED[spec.kind]()]));
  // The cast restates what the table says field by field; request-schema.test.ts holds the two together.
  return z.object(shape) as unknown as z.ZodMiniType<RequestOf<T>>;
}
