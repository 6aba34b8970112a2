import { connectorError, ConnectorErrorCodes } from './errors.js';
import type { HuggingFaceUserInfo } from './userinfo.js';

/** Hugging Face's `roleInOrg` values, weakest first. */
export const organizationRoles = ['read', 'contributor', 'write', 'admin'] as const;

export type OrganizationRole = (typeof organizationRoles)[number];

/** One entry of the allowed list: an organization handle or id, with an optional minimum role. */
export type OrganizationRule = { organization: string; minimumRole?: OrganizationRole };

const isOrganizationRole = (value: string): value is OrganizationRole =>
  (organizationRoles as readonly string[]).includes(value);

/** A role outside Hugging Face's list, or none, ranks below every known role. */
const rankOf = (role: string | undefined) =>
  (organizationRoles as ReadonlyArray<string | undefined>).indexOf(role);

const ruleOf = (entry: string): OrganizationRule | undefined => {
  const separator = entry.indexOf(':');

  if (separator === -1) {
    return { organization: entry };
  }

  const organization = entry.slice(0, separator);
  const role = entry.slice(separator + 1).toLowerCase();

  return organization.length > 0 && isOrganizationRole(role)
    ? { organization, minimumRole: role }
    : undefined;
};

const readOrganizationList = (list: string | undefined) => {
  const rules: OrganizationRule[] = [];
  const invalidEntries: string[] = [];

  for (const entry of list?.split(/[\s,]/).filter(Boolean) ?? []) {
    const rule = ruleOf(entry);

    if (rule) {
      rules.push(rule);
    } else {
      invalidEntries.push(entry);
    }
  }

  return { rules, invalidEntries };
};

/** The entries of the allowed list that are not a handle or id with an optional known role. */
export const invalidOrganizationEntries = (list: string | undefined): string[] =>
  readOrganizationList(list).invalidEntries;

export const invalidOrganizationEntriesMessage = (entries: readonly string[]) =>
  `Allowed organizations (allowedOrganizations) has ${entries.length === 1 ? 'an entry' : 'entries'} with an unknown role (${entries.join(', ')}): write an organization handle or id, optionally followed by a colon and the minimum role, one of ${organizationRoles.join(', ')} (for example acme:write)`;

/**
 * Splits the Admin Console's list of organization handles or ids, each optionally `name:role`.
 * The config schema already refuses unknown roles; this repeats the check for direct callers.
 */
export const parseOrganizationList = (list: string | undefined): OrganizationRule[] => {
  const { rules, invalidEntries } = readOrganizationList(list);

  if (invalidEntries.length > 0) {
    throw connectorError(
      ConnectorErrorCodes.InvalidConfig,
      `The Hugging Face connector is not configured correctly: ${invalidOrganizationEntriesMessage(invalidEntries)}.`
    );
  }

  return rules;
};

type Organization = NonNullable<HuggingFaceUserInfo['orgs']>[number];

const matches = (organization: Organization, name: string) =>
  [organization.preferred_username, organization.sub].some(
    (candidate) => candidate !== undefined && candidate.toLowerCase() === name.toLowerCase()
  );

/** Hugging Face shares `roleInOrg` only for organizations the user granted to the app. */
const sharedRoleOf = (organization: Organization): string | undefined => {
  const role: unknown = organization.roleInOrg;

  return typeof role === 'string' && role !== '' ? role.toLowerCase() : undefined;
};

type Refusal = {
  organization: string;
  shownName: string;
  requiredRole: OrganizationRole | undefined;
  actualRole: string | undefined;
};

/** Why a rule does not admit this membership, or nothing when it does. */
const refusalOf = (
  { organization, minimumRole }: OrganizationRule,
  membership: Organization
): Refusal | undefined => {
  const actualRole = sharedRoleOf(membership);

  // Without a minimum role, the floor ranks below every role, so any member is admitted.
  return rankOf(actualRole) >= rankOf(minimumRole)
    ? undefined
    : {
        organization,
        // The user knows the organization by its handle, also when the entry names it by id.
        shownName: membership.preferred_username ?? organization,
        requiredRole: minimumRole,
        actualRole,
      };
};

const describeRule = ({ organization, minimumRole }: OrganizationRule) =>
  minimumRole ? `${organization} (role ${minimumRole} or higher)` : organization;

/**
 * Refuses a user whom no entry of the allowed list admits: not a member of any listed organization
 * (handles or ids, any case), or a member below the entry's minimum role.
 */
export const assertMemberOfAllowedOrganization = (
  { orgs }: HuggingFaceUserInfo,
  allowedOrganizations: readonly OrganizationRule[]
) => {
  if (allowedOrganizations.length === 0) {
    return;
  }

  const required = allowedOrganizations.map(describeRule).join(', ');

  if (orgs === undefined) {
    throw connectorError(
      ConnectorErrorCodes.AuthorizationFailed,
      `Sign-in is limited to members of ${required}, but Hugging Face sent no organization list. Add the read-memberships scope to the connector (and allow it on the Hugging Face OAuth app).`,
      { requiredOrganizations: required }
    );
  }

  let firstRefusal: Refusal | undefined;

  for (const rule of allowedOrganizations) {
    for (const membership of orgs.filter((organization) =>
      matches(organization, rule.organization)
    )) {
      const refusal = refusalOf(rule, membership);

      if (refusal === undefined) {
        return;
      }

      firstRefusal ??= refusal;
    }
  }

  if (firstRefusal === undefined) {
    throw connectorError(
      ConnectorErrorCodes.AuthorizationFailed,
      `Sign-in is limited to members of ${required} on Hugging Face, and this account is not a member of any of them (or did not grant the app access to them).`,
      { requiredOrganizations: required }
    );
  }

  const { organization, shownName, requiredRole, actualRole } = firstRefusal;

  throw connectorError(
    ConnectorErrorCodes.AuthorizationFailed,
    actualRole === undefined
      ? `Sign-in needs the role ${requiredRole} or higher in the Hugging Face organization ${shownName}, but Hugging Face did not share this account's role there: it does so only for organizations the user granted to this app. To grant it, revoke the app under Connected applications in the Hugging Face settings and sign in again, or ask the administrator to request access to ${shownName} (orgIds).`
      : `Sign-in needs the role ${requiredRole} or higher in the Hugging Face organization ${shownName}, and this account has the role ${actualRole} there.`,
    { organization, requiredRole, actualRole }
  );
};
