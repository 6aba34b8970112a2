/** What one stand-in remembers: its state, handed to the hooks that need it, and its storage. */
import type { IncomingMessage } from 'node:http';

import type { default as OidcProvider, Adapter, AdapterPayload } from 'oidc-provider';

import { type Client } from './clients.js';
import { type SampleUser } from './sample-users.js';

/** The sample user who answers the consent page, and the button they press. */
export type AutoConsent = { userSub: string; decision: 'allow' | 'deny' };

export type StandInState = {
  issuer: string;
  clients: ReadonlyMap<string, Client>;
  users: readonly SampleUser[];
  autoConsent: AutoConsent | null;
  /** Organizations granted with `orgIds`, by grant id (oidc-provider's Grant has no field for them). */
  grantedOrgs: Map<string, readonly string[]>;
  accessTokenTtl: number;
};

/** What the stand-in's own routes get. */
export type Request = { provider: OidcProvider; state: StandInState; req: IncomingMessage };

/** Forgets the oldest entries beyond 50,000: far more than a test or a benchmark uses at once. */
function setBounded<V>(map: Map<string, V>, key: string, value: V) {
  map.set(key, value);
  const oldest = map.keys().next();
  if (map.size > 50_000 && !oldest.done) map.delete(oldest.value);
}

/**
 * oidc-provider's storage. The library's own memory adapter warns that it is for quick starts and
 * is shared by every provider in the process; this one belongs to one stand-in. oidc-provider
 * checks expiry on every read, so forgetting old entries is all the housekeeping it needs.
 */
export function createMemoryAdapter(): (model: string) => Adapter {
  const entries = new Map<string, AdapterPayload>();
  return (model) => {
    const keyOf = (id: string) => `${model}:${id}`;
    const ofModel = () => [...entries].filter(([, payload]) => payload.kind === model);
    return {
      upsert: (id, payload) => Promise.resolve(setBounded(entries, keyOf(id), payload)),
      find: (id) => Promise.resolve(entries.get(keyOf(id))),
      findByUid: (uid) =>
        Promise.resolve(ofModel().find(([, payload]) => payload.uid === uid)?.[1]),
      findByUserCode: () => Promise.resolve(undefined),
      consume: (id) => {
        const payload = entries.get(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
        return Promise.resolve();
      },
      destroy: (id) => Promise.resolve(void entries.delete(keyOf(id))),
      revokeByGrantId: (grantId) => {
        const revoked = ofModel().filter(([, payload]) => payload.grantId === grantId);
        for (const [key] of revoked) entries.delete(key);
        return Promise.resolve();
      },
    };
  };
}

export const findUser = (state: StandInState, sub: unknown) =>
  state.users.find((user) => user.sub === sub);

/** A request parameter as oidc-provider hands it over (unknown type), or '' when absent. */
export const stringParam = (value: unknown) => (typeof value === 'string' ? value : '');

/** Organization ids of an `orgIds` parameter (comma or space separated). */
export const parseOrgIds = (value: unknown) =>
  [...new Set(stringParam(value).split(/[\s,]+/))].filter(Boolean);

type GrantInput = { accountId: string; clientId: string; scope: string; orgIds: string[] };

/** What the user allows on the consent page (or autoConsent for them). */
export async function createGrant(provider: OidcProvider, state: StandInState, input: GrantInput) {
  const grant = new provider.Grant({ accountId: input.accountId, clientId: input.clientId });
  grant.addOIDCScope(input.scope);
  const grantId = await grant.save();
  if (input.orgIds.length > 0) setBounded(state.grantedOrgs, grantId, input.orgIds);
  return grantId;
}
