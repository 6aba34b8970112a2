import { connectorError, ConnectorErrorCodes } from './errors.js';
import type { HuggingFaceUserInfo } from './userinfo.js';

/** Splits the Admin Console's list of organization handles or ids. */
export const parseOrganizationList = (list: string | undefined): string[] =>
  list?.split(/[\s,]+/).filter(Boolean) ?? [];

/** Refuses a user who belongs to none of the allowed organizations (handles or ids, any case). */
export const assertMemberOfAllowedOrganization = (
  userInfo: HuggingFaceUserInfo,
  allowedOrganizations: readonly string[]
) => {
  if (allowedOrganizations.length === 0) {
    return;
  }

  const required = allowedOrganizations.join(', ');

  if (userInfo.orgs === undefined) {
    throw connectorError(
      ConnectorErrorCodes.AuthorizationFailed,
      `Sign-in is limited to members of ${required}, but Hugging Face sent no organization list. Add the \`read-memberships\` scope to the connector (and allow it on the Hugging Face OAuth app).`,
      { requiredOrganizations: required }
    );
  }

  const allowed = new Set(allowedOrganizations.map((organization) => organization.toLowerCase()));
  const isMember = userInfo.orgs.some(({ preferred_username: handle, sub }) =>
    [handle, sub].some((name) => name !== undefined && allowed.has(name.toLowerCase()))
  );

  if (!isMember) {
    throw connectorError(
      ConnectorErrorCodes.AuthorizationFailed,
      `Sign-in is limited to members of ${required} on Hugging Face, and this account is not a member of any of them (or did not grant the app access to them).`,
      { requiredOrganizations: required }
    );
  }
};
