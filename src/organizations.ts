import { connectorError, ConnectorErrorCodes } from './errors.js';
import type { HuggingFaceUserInfo } from './userinfo.js';

/** Hugging Face's `roleInOrg` values, weakest first. */
export const organizationRoles = ['read', 'contributor', 'write', 'admin'] as const;

export type OrganizationRole = (typeof organizationRoles)[number];

/** One entry of the allowed list: an organization handle or id, with an optional minimum role. */
export type OrganizationRule = { organization: string; minimumRole?: OrganizationRole };

const isOrganizationRole = (value: string): value is OrganizationRole =>
  (organizationRoles as readonly string[]).includes(value);

const rank = (role: OrganizationRole) => organizationRoles.indexOf(role);

const entriesOf = (list: string | undefined) => list?.split(/[\s,]+/).filter(Boolean) ?? [];

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

/** The entries of the allowed list that are not a handle or id with an optional known role. */
export const invalidOrganizationEntries = (list: string | undefined): string[] =>
  entriesOf(list).filter((entry) => ruleOf(entry) === undefined);

export const invalidOrganizationEntriesMessage = (entries: readonly string[]) =>
  `allowedOrganizations has ${entries.length === 1 ? 'an entry' : 'entries'} with an unknown role (${entries.join(', ')}): write an organization handle or id, optionally followed by a colon and the minimum role, one of ${organizationRoles.join(', ')} (for example acme:write)`;

/**
 * Splits the Admin Console's list of organization handles or ids, each optionally `name:role`.
 * The config schema already refuses unknown roles; this repeats the check for direct callers.
 */
export const parseOrganizationList = (list: string | undefined): OrganizationRule[] => {
  const invalid = invalidOrganizationEntries(list);

  if (invalid.length > 0) {
    throw connectorError(
      ConnectorErrorCodes.InvalidConfig,
      `The Hugging Face connector is not configured correctly: ${invalidOrganizationEntriesMessage(invalid)}.`
    );
  }

  return entriesOf(list).flatMap((entry) => ruleOf(entry) ?? []);
};

type Organization = NonNullable<HuggingFaceUserInfo['orgs']>[number];

const matches = (organization: Organization, name: string) =>
  [organization.preferred_username, organization.sub].some(
    (candidate) => candidate !== undefined && candidate.toLowerCase() === name.toLowerCase()
  );

/** Hugging Face shares `roleInOrg` only for organizations the user granted to the app. */
const sharedRoleOf = (organization: Organization): string | undefined => {
  const role: unknown = organization.roleInOrg;

  return typeof role === 'string' && role.length > 0 ? role.toLowerCase() : undefined;
};

/** A role Hugging Face may add later ranks below every known one: it admits no floor. */
const admits = ({ minimumRole }: OrganizationRule, organization: Organization) => {
  if (minimumRole === undefined) {
    return true;
  }

  const role = sharedRoleOf(organization);

  return role !== undefined && isOrganizationRole(role) && rank(role) >= rank(minimumRole);
};

const describeRule = ({ organization, minimumRole }: OrganizationRule) =>
  minimumRole ? `${organization} (role ${minimumRole} or higher)` : organization;

/**
 * Refuses a user whom no entry of the allowed list admits: not a member of any listed organization
 * (handles or ids, any case), or a member below the entry's minimum role.
 */
export const assertMemberOfAllowedOrganization = (
  userInfo: HuggingFaceUserInfo,
  allowedOrganizations: readonly OrganizationRule[]
) => {
  if (allowedOrganizations.length === 0) {
    return;
  }

  const required = allowedOrganizations.map(describeRule).join(', ');

  if (userInfo.orgs === undefined) {
    throw connectorError(
      ConnectorErrorCodes.AuthorizationFailed,
      `Sign-in is limited to members of ${required}, but Hugging Face sent no organization list. Add the read-memberships scope to the connector (and allow it on the Hugging Face OAuth app).`,
      { requiredOrganizations: required }
    );
  }

  const memberships = allowedOrganizations.flatMap((rule) =>
    (userInfo.orgs ?? [])
      .filter((organization) => matches(organization, rule.organization))
      .map((organization) => ({ rule, organization }))
  );

  if (memberships.some(({ rule, organization }) => admits(rule, organization))) {
    return;
  }

  const [belowFloor] = memberships;
  const requiredRole = belowFloor?.rule.minimumRole;

  // Without a floor a membership would have admitted the user: no membership means not a member.
  if (belowFloor === undefined || requiredRole === undefined) {
    throw connectorError(
      ConnectorErrorCodes.AuthorizationFailed,
      `Sign-in is limited to members of ${required} on Hugging Face, and this account is not a member of any of them (or did not grant the app access to them).`,
      { requiredOrganizations: required }
    );
  }

  const { organization } = belowFloor.rule;
  // The user knows the organization by its handle, also when the entry names it by id.
  const shownName = belowFloor.organization.preferred_username ?? organization;
  const actualRole = sharedRoleOf(belowFloor.organization);

  throw connectorError(
    ConnectorErrorCodes.AuthorizationFailed,
    actualRole === undefined
      ? `Sign-in needs the role ${requiredRole} or higher in the Hugging Face organization ${shownName}, but Hugging Face did not share this account's role there: it does so only for organizations the user granted to this app. To grant it, revoke the app under Connected applications in the Hugging Face settings and sign in again, or ask the administrator to request access to ${shownName} (orgIds).`
      : `Sign-in needs the role ${requiredRole} or higher in the Hugging Face organization ${shownName}, and this account has the role ${actualRole} there.`,
    { organization, requiredRole, actualRole }
  );
};
