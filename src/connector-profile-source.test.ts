import { ConnectorErrorCodes, type SocialConnector } from '@logto/connector-kit';
import nock from 'nock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { createHuggingFaceConnector } from './connector.js';
import { forgetCachedKeySets } from './id-token.js';
import {
  authorizationRequest,
  state,
  createSessionStore,
  failureOf,
  mockNetworkForEachTest,
} from './testing/fixtures.js';
import { createSigningKey, jwksOf, signIdToken, type SigningKey } from './testing/signing-keys.js';

const issuer = 'https://huggingface.co';
const clientId = 'hf-client-id';
const subject = '62f264b9f3c90f4b6514a269';
const picture = 'https://cdn-avatars.huggingface.co/v1/production/uploads/janedoe/avatar.png';
const profileClaims = { name: 'Jane Doe', preferred_username: 'janedoe', picture };
const emailClaims = { email: 'jane@example.com', email_verified: true };
const userInfo = {
  sub: subject,
  ...profileClaims,
  ...emailClaims,
  isPro: false,
  canPay: true,
  orgs: [{ sub: '652db071b62cf1f8463221e2', preferred_username: 'acme', roleInOrg: 'write' }],
};

let signingKey: SigningKey;

beforeAll(async () => {
  signingKey = await createSigningKey('hf-key-1');
});

mockNetworkForEachTest();

beforeEach(() => {
  forgetCachedKeySets();
});

const connectorWith = async (config: Record<string, unknown>) =>
  createHuggingFaceConnector()({
    getConfig: () => Promise.resolve({ clientId, clientSecret: 'hf-client-secret', ...config }),
  });

type SignInOptions = {
  config: Record<string, unknown>;
  claims?: Record<string, unknown>;
  grantedScope?: string;
};

/**
 * A whole sign-in; the key set is downloaded by the warm-up while the "user" consents, so the
 * callback's requests are only what the profile source needs. Returns the profile and the paths
 * the callback requested.
 */
const signIn = async ({ config, claims = {}, grantedScope }: SignInOptions) => {
  const keys = nock(issuer).get('/oauth/jwks').reply(200, jwksOf(signingKey));
  const connector: SocialConnector = await connectorWith(config);
  const store = createSessionStore();
  await connector.getAuthorizationUri(authorizationRequest(), store.setSession);
  await vi.waitFor(() => {
    expect(keys.isDone()).toBe(true);
  });
  const { nonce } = store.peek()!;
  const idToken = await signIdToken(signingKey, {
    iss: issuer,
    aud: clientId,
    sub: subject,
    nonce,
    ...claims,
  });
  const requested: string[] = [];
  nock(issuer)
    .post('/oauth/token')
    .reply(200, () => {
      requested.push('/oauth/token');

      return { access_token: 'hf_oauth_access', id_token: idToken, scope: grantedScope };
    })
    .get('/oauth/userinfo')
    .optionally()
    .reply(200, () => {
      requested.push('/oauth/userinfo');

      return userInfo;
    });
  const profile = await connector.getUserInfo({ code: 'code', state }, store.getSession);

  return { profile, requested };
};

describe('the profile comes from the verified ID token', () => {
  it('when it carries name, picture, email and email_verified: no userinfo request', async () => {
    const { profile, requested } = await signIn({
      config: { scope: 'openid profile email' },
      claims: { ...profileClaims, ...emailClaims, auth_time: 1_700_000_000, azp: clientId },
    });

    expect(requested).toEqual(['/oauth/token']);
    expect(profile).toEqual({
      id: subject,
      name: 'Jane Doe',
      avatar: picture,
      email: 'jane@example.com',
      // Only claims about the user: none of iss, aud, exp, iat, nonce, auth_time, azp.
      rawData: { sub: subject, ...profileClaims, ...emailClaims },
    });
  });

  it('without the email scope, when it carries a handle and a picture', async () => {
    const { profile, requested } = await signIn({
      config: { scope: 'openid profile' },
      claims: { preferred_username: 'janedoe', picture },
    });

    expect(requested).toEqual(['/oauth/token']);
    expect(profile).toEqual({
      id: subject,
      name: 'janedoe',
      avatar: picture,
      rawData: { sub: subject, preferred_username: 'janedoe', picture },
    });
  });

  it('when Hugging Face granted less than asked: the token answer’s scope decides', async () => {
    const { requested } = await signIn({
      config: { scope: 'openid profile email' },
      claims: profileClaims,
      grantedScope: 'openid profile',
    });

    expect(requested).toEqual(['/oauth/token']);
  });
});

describe('the profile comes from userinfo', () => {
  it.each([
    ['no picture', { name: 'Jane Doe', ...emailClaims }],
    ['neither a name nor a handle', { picture, ...emailClaims }],
    ['no email although email was granted', { ...profileClaims, email_verified: true }],
    [
      'no email_verified although email was granted',
      { ...profileClaims, email: 'jane@example.com' },
    ],
  ])('when the ID token has %s, with the whole userinfo body as rawData', async (_case, claims) => {
    const { profile, requested } = await signIn({
      config: { scope: 'openid profile email' },
      claims,
    });

    expect(requested).toEqual(['/oauth/token', '/oauth/userinfo']);
    expect(profile.rawData).toEqual(userInfo);
  });

  it.each([
    ['read-memberships is in the scope', { scope: 'openid profile email read-memberships' }],
    [
      'allowed organizations are set',
      { scope: 'openid profile email', allowedOrganizations: 'acme' },
    ],
    [
      'an organization grant is requested',
      { scope: 'openid profile email', orgIds: '652db071b62cf1f8463221e2' },
    ],
    [
      'the operator turned on alwaysFetchUserInfo',
      { scope: 'openid profile email', alwaysFetchUserInfo: true },
    ],
  ])('when %s, even with a complete ID token', async (_case, config) => {
    const { profile, requested } = await signIn({
      config,
      claims: { ...profileClaims, ...emailClaims },
    });

    expect(requested).toEqual(['/oauth/token', '/oauth/userinfo']);
    expect(profile.rawData).toEqual(userInfo);
  });

  it('and must name the ID token’s subject', async () => {
    const failure = await failureOf(
      signIn({
        config: { scope: 'openid profile email', alwaysFetchUserInfo: true },
        claims: { sub: '000000000000000000000000' },
      })
    );

    expect(failure.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
    expect(failure.data).toEqual({
      message:
        "Hugging Face's ID token failed verification: the ID token’s sub differs from the user profile’s sub. Start the sign-in again; if it keeps failing, check the server clock and the connector's client ID.",
      check: 'the ID token’s sub differs from the user profile’s sub',
    });
  });
});
