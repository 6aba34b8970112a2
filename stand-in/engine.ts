/**
 * oidc-provider configured as huggingface.co: the standard parts (PKCE, client authentication,
 * codes, refresh-token rotation, ID tokens, keys) are the library's; Hugging Face's are data
 * (huggingface.ts) and the few hooks below.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';

// Types only: the library itself is imported below, where its runtime warning is handled.
import type { default as OidcProvider, KoaContextWithOIDC } from 'oidc-provider';

import { isRedirectUriAllowed, toClientMetadata } from './clients.js';
import { renderErrorPage } from './consent.js';
import * as huggingFace from './huggingface.js';
import { userClaims } from './sample-users.js';
import {
  createGrant,
  createMemoryAdapter,
  findUser,
  parseOrgIds,
  stringParam,
  type StandInState,
} from './state.js';

/*
 * oidc-provider 9 asks for Node 22 and says so with one "Unsupported runtime" warning while it is
 * imported; this repository also supports Node 20, where everything the stand-in uses works. So
 * the import hides exactly that line, and every other warning still shows.
 */
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  if (!String(args[0]).includes('oidc-provider WARNING: Unsupported runtime')) warn(...args);
};
const { default: Provider, errors } = await import('oidc-provider').finally(() => {
  console.warn = warn;
});

const { ACCESS_DENIED, CONSENT_PATH, ROUTES, TTL } = huggingFace;

export function createOidcProvider(state: StandInState): OidcProvider {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const provider = new Provider(state.issuer, {
    adapter: createMemoryAdapter(),
    clients: [...state.clients.values()].map(toClientMetadata),
    jwks: { keys: [{ ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' }] },
    routes: ROUTES,
    responseTypes: ['code'],
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
    scopes: huggingFace.SCOPES,
    claims: huggingFace.CLAIMS_BY_SCOPE,
    // Like Hugging Face's, the ID token carries the claims of the granted scopes. (The default,
    // true, keeps them for userinfo, but only while oidc-provider's own userinfo is on.)
    conformIdTokenClaims: false,
    extraParams: ['orgIds'],
    features: {
      // Hugging Face's userinfo answers without `openid` and adds isPro, canPay and orgs: answers.ts.
      userinfo: { enabled: false },
      devInteractions: { enabled: false },
    },
    interactions: { url: (_ctx, interaction) => `${CONSENT_PATH}${interaction.uid}` },
    ttl: { ...TTL, AccessToken: state.accessTokenTtl },
    // Hugging Face has no `offline_access`: every code brings a refresh token, rotated on each use,
    // and tokens outlive the browser's sign-in session.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    expiresWithSession: () => false,
    findAccount(_ctx, sub) {
      const user = findUser(state, sub);
      // oidc-provider keeps the claims of the granted scopes (CLAIMS_BY_SCOPE).
      return user && { accountId: sub, claims: () => userClaims(user, state.issuer) };
    },
    async loadExistingGrant({ oidc }) {
      const decided = oidc.result?.consent?.grantId;
      if (decided) return oidc.provider.Grant.find(decided);
      if (!state.autoConsent || !oidc.account || !oidc.client) return undefined;
      if (state.autoConsent.decision === 'deny') throw new errors.AccessDenied(ACCESS_DENIED);
      const grantId = await createGrant(oidc.provider, state, {
        accountId: oidc.account.accountId,
        clientId: oidc.client.clientId,
        scope: stringParam(oidc.params?.scope),
        orgIds: parseOrgIds(oidc.params?.orgIds),
      });
      return oidc.provider.Grant.find(grantId);
    },
    renderError(ctx, out) {
      const clientId = stringParam(ctx.oidc.params?.client_id);
      const app = state.clients.get(clientId)?.name ?? clientId;
      const redirectUri = stringParam(ctx.oidc.params?.redirect_uri);
      const page = huggingFace.authorizationErrorPage(out.error, app, redirectUri);
      ctx.type = 'html';
      ctx.body = renderErrorPage(page ?? out.error_description ?? out.error);
    },
  });

  provider.Client.prototype.redirectUriAllowed = function (this: { clientId: string }, uri) {
    const client = state.clients.get(this.clientId);
    return client !== undefined && isRedirectUriAllowed(client, uri);
  };
  for (const name of ['AccessToken', 'RefreshToken'] as const) {
    type Model = { prototype: { generateTokenId: (this: unknown) => string } };
    const { prototype } = provider[name] as unknown as Model;
    const generate = prototype.generateTokenId;
    prototype.generateTokenId = function (this: unknown) {
      generate.call(this); // It also records the token's format.
      return huggingFace.TOKEN_FORMATS[name]();
    };
  }
  // autoConsent: the sample user is already signed in to Hugging Face, so the authorization
  // request is answered at once (one redirect, no cookies needed), like a returning user's.
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    if (state.autoConsent && ctx.method === 'GET' && ctx.path === ROUTES.authorization) {
      const session = new provider.Session();
      session.loginAccount({ accountId: state.autoConsent.userSub });
      await session.save(TTL.Session);
      ctx.req.headers.cookie = `${provider.cookieName('session')}=${session.jti}`;
    }
    await next();
  });
  // The token endpoint's lowercase `bearer`, and its error descriptions.
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const body = ctx.body as { token_type?: string; error?: string; error_description?: string };
    if (ctx.path !== ROUTES.token || typeof body !== 'object' || body === null) return;
    if (body.token_type === 'Bearer') body.token_type = 'bearer';
    const description = huggingFace.tokenErrorDescription(body.error, ctx.oidc.params?.grant_type);
    if (description !== undefined) body.error_description = description;
  });
  return provider;
}
