import { z } from 'zod';

import { connectorError, ConnectorErrorCodes } from './errors.js';
import { invalidOrganizationEntriesMessage, readOrganizationList } from './organizations.js';

/**
 * Only the client ID and secret are copied from the Hugging Face OAuth app; the other fields are
 * choices made for this connector, so their messages do not send the operator to the app.
 */
const fromOAuthApp = (field: string, problem: string) =>
  `${field} ${problem}: copy it from your Hugging Face OAuth app's settings`;

const requiredText = (field: string) =>
  z
    .string({
      required_error: fromOAuthApp(field, 'is missing'),
      invalid_type_error: fromOAuthApp(field, 'must be text'),
    })
    .trim()
    .min(1, fromOAuthApp(field, 'is empty'));

/** The Admin Console may save a cleared optional field as an empty string. */
const optionalText = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema.optional()
  );

export const configSchema = z.object({
  clientId: requiredText('Client ID (clientId)'),
  clientSecret: requiredText('Client secret (clientSecret)'),
  scope: z
    .string({
      invalid_type_error: 'Scope (scope) must be text: the scopes to ask for, separated by spaces',
    })
    .refine((scope) => !scope.includes(','), {
      message:
        'Scope (scope) separates scopes with spaces, not commas (for example: profile email)',
    })
    .optional(),
  orgIds: optionalText(
    z
      .string({ invalid_type_error: 'Request organization access (orgIds) must be text' })
      .trim()
      .regex(
        /^[\da-f]{24}$/i,
        'Request organization access (orgIds) must be one organization id: the 24-character hexadecimal sub of the organization, not its name'
      )
  ),
  allowedOrganizations: optionalText(
    z.string({
      invalid_type_error:
        'Allowed organizations (allowedOrganizations) must be text: handles or ids separated by commas or spaces',
    })
  ).transform((list, context) => {
    const { rules, invalidEntries } = readOrganizationList(list);

    if (invalidEntries.length > 0) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        message: invalidOrganizationEntriesMessage(invalidEntries),
      });
    }

    return rules;
  }),
  alwaysFetchUserInfo: z
    .boolean({
      invalid_type_error: 'Always read the full profile (alwaysFetchUserInfo) must be on or off',
    })
    .optional(),
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
    `The Hugging Face connector is not configured correctly: ${problems}. Fix it on the connector's page in the Logto Admin Console.`
  );
};
