/** What the provider knows besides oidc-provider's own stores, and the few rules about it. */
import { type Client } from './clients.js';
import { type SampleUser } from './users.js';

export type AutoConsent = {
  /** The sample user who answers. */
  userSub: string;
  /** The button they press. */
  decision: 'allow' | 'deny';
};

export type ProviderState = {
  issuer: string;
  clients: ReadonlyMap<string, Client>;
  users: readonly SampleUser[];
  orgsRequireScope: string | null;
  autoConsent: AutoConsent | null;
  /** Organizations granted with `orgIds`, by grant id (oidc-provider's Grant has no field for them). */
  grantedOrgs: Map<string, readonly string[]>;
};

/** Enough for every grant a test or a benchmark keeps alive at once. */
const MAX_REMEMBERED_GRANTS = 10_000;

export function rememberGrantedOrgs(state: ProviderState, grantId: string, orgIds: string[]) {
  if (orgIds.length === 0) return;
  // A Map iterates in insertion order, so the first key is the oldest grant.
  const oldest = state.grantedOrgs.keys().next();
  if (state.grantedOrgs.size >= MAX_REMEMBERED_GRANTS && !oldest.done) {
    state.grantedOrgs.delete(oldest.value);
  }
  state.grantedOrgs.set(grantId, orgIds);
}

/** A request parameter as oidc-provider hands it over (unknown type), or '' when absent. */
export const stringParam = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Organization ids of an `orgIds` parameter (comma or space separated). */
export const parseOrgIds = (value: unknown): string[] => [
  ...new Set(
    stringParam(value)
      .split(/[\s,]+/)
      .filter(Boolean)
  ),
];

export const findUser = (state: ProviderState, sub: string | undefined) =>
  state.users.find((user) => user.sub === sub);

export function validateAutoConsent(
  state: ProviderState,
  autoConsent: AutoConsent | null | undefined
): AutoConsent | null {
  if (!autoConsent) return null;
  const { userSub, decision } = autoConsent;
  if (decision !== 'allow' && decision !== 'deny') {
    throw new TypeError("autoConsent.decision must be 'allow' or 'deny'");
  }
  if (!findUser(state, userSub)) {
    throw new TypeError(`autoConsent.userSub "${userSub}" is not one of the sample users`);
  }
  return { userSub, decision };
}
