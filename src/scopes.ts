/** Every rule about scopes: what is asked for, and what the asked-for scope implies. */
export const defaultScope = 'profile';

export const scopeNames = (scope: string | undefined) => scope?.split(/\s/).filter(Boolean) ?? [];

export const scopeIncludes = (scope: string | undefined, wanted: string) =>
  scopeNames(scope).includes(wanted);

/**
 * The configured scope (or `profile`) plus whatever else the request asks for. Logto passes a
 * request scope only for a step-up through its Account API; replacing the configured scope there
 * would drop openid, email and read-memberships, and with them the checks that rely on them.
 */
export const mergeScopes = (configScope: string | undefined, requestScope: string | undefined) => {
  const configured = scopeNames(configScope);

  return [
    ...new Set([
      ...(configured.length > 0 ? configured : [defaultScope]),
      ...scopeNames(requestScope),
    ]),
  ].join(' ');
};

export type UserInfoNeeds = {
  scope: string;
  orgIds?: string;
  allowedOrganizations: readonly unknown[];
  alwaysFetchUserInfo?: boolean;
};

/**
 * Whether the sign-in must read userinfo even when a verified ID token carries the profile: only
 * userinfo has the organizations (and `isPro`, `canPay`), which the organization rules, a requested
 * organization grant and custom JWT scripts reading rawData rely on.
 */
export const needsUserInfo = ({
  scope,
  orgIds,
  allowedOrganizations,
  alwaysFetchUserInfo,
}: UserInfoNeeds) =>
  alwaysFetchUserInfo === true ||
  allowedOrganizations.length > 0 ||
  orgIds !== undefined ||
  scopeIncludes(scope, 'read-memberships');
