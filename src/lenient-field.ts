import type { z } from 'zod';

/**
 * A response field that is absent, `null` or of an unexpected type reads as `undefined`: only the
 * fields a sign-in cannot do without (`access_token`, `sub`) may fail it.
 */
export const lenientField = <T extends z.ZodTypeAny>(schema: T) =>
  schema
    .nullish()
    .catch(undefined)
    .transform((value): z.output<T> | undefined => value ?? undefined);
