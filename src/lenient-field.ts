import { z } from 'zod';

/**
 * A response field that is absent, `null` or of an unexpected type reads as `undefined`: only the
 * fields a sign-in cannot do without (`access_token`, `sub`) may fail it. One check per field:
 * the chain `nullish().catch().transform()` costs four zod passes.
 */
export const lenientField = <T extends z.ZodTypeAny>(schema: T) =>
  z.unknown().transform((value): z.output<T> | undefined => {
    if (value === undefined || value === null) {
      return undefined;
    }

    const parsed = schema.safeParse(value);

    return parsed.success ? (parsed.data as z.output<T>) : undefined;
  });
