import { z } from 'zod';

/** The `typeof` that decides a plain `z.string()` or `z.boolean()`: no zod pass needed for them. */
const typeofDeciding = (schema: z.ZodTypeAny) => {
  if (schema instanceof z.ZodString && schema._def.checks.length === 0 && !schema._def.coerce) {
    return 'string';
  }

  return schema instanceof z.ZodBoolean && !schema._def.coerce ? 'boolean' : undefined;
};

/**
 * A zod type of its own rather than `nullish().catch().transform()`: each of those wrappers
 * allocates a parse context per field and per sign-in (a transform alone about 1.4 kB), which
 * the garbage collector then pays for.
 */
export class LenientField<T extends z.ZodTypeAny> extends z.ZodType<
  z.output<T> | undefined,
  z.ZodTypeDef,
  unknown
> {
  private readonly decidingType: 'string' | 'boolean' | undefined;

  constructor(private readonly schema: T) {
    super({});
    this.decidingType = typeofDeciding(schema);
  }

  _parse(input: z.ParseInput): z.ParseReturnType<z.output<T> | undefined> {
    return { status: 'valid', value: this.read(input.data) };
  }

  private read(value: unknown): z.output<T> | undefined {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,BlockStatement: null and undefined fail both the typeof test and every schema used here, so they read as undefined either way
    if (value === undefined || value === null) {
      return undefined;
    }

    // Stryker disable next-line BlockStatement: the schema decides the same as the typeof shortcut, only slower
    if (this.decidingType !== undefined) {
      return typeof value === this.decidingType ? value : undefined;
    }

    const parsed = this.schema.safeParse(value);

    return parsed.success ? (parsed.data as z.output<T>) : undefined;
  }
}

/**
 * A response field that is absent, `null` or of an unexpected type reads as `undefined`: only the
 * fields a sign-in cannot do without (`access_token`, `sub`) may fail it.
 */
export const lenientField = <T extends z.ZodTypeAny>(schema: T): LenientField<T> =>
  new LenientField(schema);
