import { z } from 'zod';

/** The `typeof` that decides a plain `z.string()` or `z.boolean()`: no zod pass needed for them. */
const typeofDeciding = (schema: z.ZodTypeAny) => {
  if (schema instanceof z.ZodString && schema._def.checks.length === 0 && !schema._def.coerce) {
    return 'string';
  }

  return schema instanceof z.ZodBoolean && !schema._def.coerce ? 'boolean' : undefined;
};

/**
 * A response field that is absent, `null` or of an unexpected type reads as `undefined`: only the
 * fields a sign-in cannot do without (`access_token`, `sub`) may fail it. One check per field:
 * the chain `nullish().catch().transform()` costs four zod passes.
 */
export const lenientField = <T extends z.ZodTypeAny>(schema: T) => {
  const decidingType = typeofDeciding(schema);

  return z.unknown().transform((value): z.output<T> | undefined => {
    if (value === undefined || value === null) {
      return undefined;
    }

    if (decidingType !== undefined) {
      return typeof value === decidingType ? value : undefined;
    }

    const parsed = schema.safeParse(value);

    return parsed.success ? (parsed.data as z.output<T>) : undefined;
  });
};
