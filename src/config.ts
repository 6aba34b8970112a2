import { z } from 'zod';

import { connectorError, ConnectorErrorCodes } from './errors.js';
import { invalidOrganizationEntries, invalidOrganizationEntriesMessage } from './organizations.js';

const requiredText = (field: string) =>
  z
    .string({
      required_error: `\`${field}\` is missing`,
      invalid_type_error: `\`${field}\` must be text`,
    })
    .trim()
    .min(1, `\`${field}\` is empty`);

/** The Admin Console may save a cleared optional field as an empty string. */
const optionalText = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema.optional()
  );

export const configSchema = z.object({
  clientId: requiredText('clientId'),
  clientSecret: requiredText('clientSecret'),
  scope: z
    .string({ invalid_type_error: '`scope` must be text (scopes separated by spaces)' })
    .refine((scope) => !scope.includes(','), {
      message: '`scope` separates scopes with spaces, not commas (for example `profile email`)',
    })
    .optional(),
  orgIds: optionalText(
    z
      .string({ invalid_type_error: '`orgIds` must be text' })
      .trim()
      .regex(
        /^[\da-f]{24}$/i,
        '`orgIds` must be one organization id: the 24-character hexadecimal `sub` of the organization, not its name'
      )
  ),
  allowedOrganizations: optionalText(
    z
      .string({
        invalid_type_error:
          '`allowedOrganizations` must be text (handles or ids separated by commas or spaces)',
      })
      .superRefine((list, context) => {
        const invalid = invalidOrganizationEntries(list);

        if (invalid.length > 0) {
          context.addIssue({
            code: z.ZodIssueCode.custom,
            message: invalidOrganizationEntriesMessage(invalid),
          });
        }
      })
  ),
});

export type HuggingFaceConfig = z.infer<typeof configSchema>;

/** Validates the Admin Console config before any request; the message names each bad field. */
export const parseConfig = (config: unknown): HuggingFaceConfig => {
  const result = configSchema.safeParse(config);

  if (result.success) {
    return result.data;
  }

  const problems = result.error.issues
    .map(({ path, message }) => (path.length === 0 ? 'the config is not an object' : message))
    .join('; ');

  throw connectorError(
    ConnectorErrorCodes.InvalidConfig,
    `The Hugging Face connector is not configured correctly: ${problems}. Fix it on the connector's page in the Logto Admin Console (the values come from your Hugging Face OAuth app's settings).`
  );
};
