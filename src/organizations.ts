import { connectorError, ConnectorErrorCodes } from './errors.js';
import type { HuggingFaceUserInfo } from './userinfo.js';

/** Hugging Face's `roleInOrg` values, weakest first. */
export const organizationRoles = ['read', 'contributor', 'write', 'admin'] as const;

export type OrganizationRole = (typeof organizationRoles)[number];

/** One entry of the allowed list: an organization handle or id, with an optional minimum role. */
export type OrganizationRule = { organization: string; minimumRole?: OrganizationRole };

/** A role outside Hugging Face's list, or none, ranks below every known role. */
const rankOf = (role: string | undefined) =>
  (organizationRoles as ReadonlyArray<string | undefined>).indexOf(role);

const ruleOf = (entry: string): OrganizationRule | undefined => {
  const [organization, role, ...rest] = entry.split(':') as [string, ...string[]];
  const minimumRole = organizationRoles.find((known) => known === role?.toLowerCase());

  if (role === undefined) {
    return { organization };
  }

  return organization && minimumRole && rest.length === 0
    ? { organization, minimumRole }
    : undefined;
};

/** The Admin Console's list (commas or spaces) as rules, and the entries that are not one. */
export const readOrganizationList = (list: string | undefined) => {
  const entries = list?.split(/[\s,]/).filter(Boolean) ?? [];

  return {
    rules: entries.flatMap((entry) => ruleOf(entry) ?? []),
    invalidEntries: entries.filter((entry) => ruleOf(entry) === undefined),
  };
};

export const invalidOrganizationEntriesMessage = (entries: readonly string[]) =>
  `Allowed organizations (allowedOrganizations) has ${entries.length === 1 ? 'an entry' : 'entries'} with an unknown role (${entries.join(', ')}): write an organization handle or id, optionally followed by a colon and the minimum role, one of ${organizationRoles.join(', ')} (for example acme:write)`;

type Organization = NonNullable<HuggingFaceUserInfo['orgs']>[number];

const matches = (organization: Organization, name: string) =>
  [organization.preferred_username, organization.sub].some(
    (candidate) => candidate?.toLowerCase() === name.toLowerCase()
  );

/** Hugging Face shares `roleInOrg` only for organizations the user granted to the app. */
const sharedRoleOf = ({ roleInOrg }: Organization) => roleInOrg?.toLowerCase() || undefined;

const describeRule = ({ organization, minimumRole }: OrganizationRule) =>
  minimumRole ? `${organization} (role ${minimumRole} or higher)` : organization;

const belowRoleError = (rule: OrganizationRule, membership: Organization) => {
  const { organization, minimumRole: requiredRole } = rule;
  const actualRole = sharedRoleOf(membership);
  // The user knows the organization by its handle, also when the entry names it by id.
  const shownName = membership.preferred_username ?? organization;

  return connectorError(
    ConnectorErrorCodes.AuthorizationFailed,
    actualRole === undefined
      ? `Sign-in needs the role ${requiredRole} or higher in the Hugging Face organization ${shownName}, but Hugging Face did not share this account's role there: it does so only for organizations the user granted to this app. To grant it, revoke the app under Connected applications in the Hugging Face settings and sign in again, or ask the administrator to request access to ${shownName} (orgIds).`
      : `Sign-in needs the role ${requiredRole} or higher in the Hugging Face organization ${shownName}, and this account has the role ${actualRole} there.`,
    { organization, requiredRole, actualRole }
  );
};

/**
 * Refuses a user whom no rule admits: not a member of any listed organization (handles or ids, any
 * case), or a member below the entry's minimum role. Without rules, everyone is admitted.
 */
export const assertMemberOfAllowedOrganization = (
  { orgs }: HuggingFaceUserInfo,
  rules: readonly OrganizationRule[]
) => {
  if (rules.length === 0) {
    return;
  }

  const required = rules.map(describeRule).join(', ');

  if (orgs === undefined) {
    throw connectorError(
      ConnectorErrorCodes.AuthorizationFailed,
      `Sign-in is limited to members of ${required}, but Hugging Face sent no organization list. Add the read-memberships scope to the connector (and allow it on the Hugging Face OAuth app).`,
      { requiredOrganizations: required }
    );
  }

  const memberships = rules.flatMap((rule) =>
    orgs.filter((org) => matches(org, rule.organization)).map((org) => ({ rule, org }))
  );
  const admitted = memberships.some(
    ({ rule, org }) => rankOf(sharedRoleOf(org)) >= rankOf(rule.minimumRole)
  );

  if (admitted) {
    return;
  }

  const [firstRefusal] = memberships;

  throw firstRefusal
    ? belowRoleError(firstRefusal.rule, firstRefusal.org)
    : connectorError(
        ConnectorErrorCodes.AuthorizationFailed,
        `Sign-in is limited to members of ${required} on Hugging Face, and this account is not a member of any of them (or did not grant the app access to them).`,
        { requiredOrganizations: required }
      );
};
