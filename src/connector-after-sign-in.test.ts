/**
 * What happens after sign-in, through the connector as Logto drives it: a step-up that adds a
 * scope, concurrent refreshes of a rotating refresh token, and the organization role floor.
 */
import { ConnectorErrorCodes, type SocialConnector } from '@logto/connector-kit';
import nock from 'nock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createHuggingFaceConnector } from './connector.js';
import { forgetCachedKeySets } from './id-token.js';
import {
  authorizationRequest,
  clientId,
  clientSecret,
  createSessionStore,
  failureOf,
  huggingFace,
  janeDoeSub,
  messageOf,
  mockNetworkForEachTest,
  recordAllRequests,
  state,
  userInfoWithOrgs,
} from './testing/fixtures.js';
import { createSigningKey, jwksOf, signIdToken, type SigningKey } from './testing/signing-keys.js';

const connectorWith = async (config: Record<string, unknown>) =>
  createHuggingFaceConnector()({
    getConfig: () => Promise.resolve({ clientId, clientSecret, ...config }),
  });

/** Starts a sign-in like Logto does, with the scope the Account API passes for a step-up. */
const startSignIn = async (connector: SocialConnector, requestScope?: string) => {
  const store = createSessionStore();
  const url = new URL(
    await connector.getAuthorizationUri(authorizationRequest(requestScope), store.setSession)
  );

  return { url, session: store.peek()!, getSession: store.getSession };
};

/** Userinfo with one organization, acme, in which the user has the given role (or none shared). */
const userInfoWithRoleInAcme = (roleInOrg?: string) => ({
  ...userInfoWithOrgs,
  orgs: [{ ...userInfoWithOrgs.orgs[0], roleInOrg }],
});

let signingKey: SigningKey;

beforeAll(async () => {
  signingKey = await createSigningKey('hf-key-step-up');
});

mockNetworkForEachTest();

beforeEach(() => {
  forgetCachedKeySets();
});

describe('a step-up through the Account API', () => {
  const gatedConfig = {
    scope: 'openid profile read-memberships',
    allowedOrganizations: 'acme',
  };

  it('asks for the configured scope plus inference-api, with a nonce for the ID token', async () => {
    const { url, session } = await startSignIn(await connectorWith(gatedConfig), 'inference-api');

    expect(url.searchParams.get('scope')).toBe('openid profile read-memberships inference-api');
    expect(url.searchParams.get('nonce')).toBe(session.nonce);
    expect(session.nonce).toEqual(expect.any(String));
  });

  it('succeeds for inference-api on an organization-gated connector, with the ID token verified', async () => {
    const connector = await connectorWith(gatedConfig);
    const { session, getSession } = await startSignIn(connector, 'inference-api');
    const grantedScope = 'openid profile read-memberships inference-api';
    const idToken = await signIdToken(signingKey, {
      iss: huggingFace,
      aud: clientId,
      sub: janeDoeSub,
      nonce: session.nonce,
    });
    nock(huggingFace)
      .post(
        '/oauth/token',
        (body: Record<string, string>) => body.grant_type === 'authorization_code'
      )
      .reply(200, {
        access_token: 'hf_oauth_step_up',
        token_type: 'bearer',
        expires_in: 28_800,
        scope: grantedScope,
        id_token: idToken,
        refresh_token: 'hf_refresh_step_up',
      })
      .get('/oauth/jwks')
      .reply(200, jwksOf(signingKey))
      .get('/oauth/userinfo')
      .reply(200, userInfoWithOrgs);

    const { tokenResponse, userInfo } = await connector.getTokenResponseAndUserInfo!(
      { code: 'step-up-code', state },
      getSession
    );

    expect(tokenResponse).toMatchObject({
      access_token: 'hf_oauth_step_up',
      scope: grantedScope,
      id_token: idToken,
    });
    expect(userInfo).toMatchObject({ id: janeDoeSub });
    // The JWKS was fetched: the ID token was checked, not merely passed along.
    expect(nock.isDone()).toBe(true);
  });

  it('still refuses a step-up whose ID token was issued for another sign-in', async () => {
    const connector = await connectorWith(gatedConfig);
    const { getSession } = await startSignIn(connector, 'inference-api');
    const replayed = await signIdToken(signingKey, {
      iss: huggingFace,
      aud: clientId,
      sub: janeDoeSub,
      nonce: 'nonce-of-an-earlier-sign-in',
    });
    nock(huggingFace)
      .post('/oauth/token')
      .reply(200, { access_token: 'hf_oauth_step_up', id_token: replayed })
      .get('/oauth/jwks')
      .reply(200, jwksOf(signingKey));

    const error = await failureOf(
      connector.getTokenResponseAndUserInfo!({ code: 'step-up-code', state }, getSession)
    );

    expect(error.code).toBe(ConnectorErrorCodes.SocialIdTokenInvalid);
  });
});

describe('concurrent refreshes of a rotating refresh token', () => {
  const rotated = {
    access_token: 'hf_oauth_after_refresh',
    token_type: 'bearer',
    expires_in: 28_800,
    refresh_token: 'hf_refresh_rotated',
  };

  /** Hugging Face's token endpoint for one refresh token: it accepts it once, like rotation does. */
  const acceptRefreshTokenOnce = (status: number, body: object) => {
    const requests: Array<Record<string, string>> = [];
    nock(huggingFace)
      .post('/oauth/token', (form: Record<string, string>) => {
        requests.push(form);

        return form.grant_type === 'refresh_token' && form.refresh_token === 'hf_refresh_current';
      })
      .reply(status, body);

    return requests;
  };

  it('sends one request for five concurrent refreshes and gives all five the rotated token set', async () => {
    const connector = await connectorWith({});
    const requests = acceptRefreshTokenOnce(200, rotated);

    const results = await Promise.all(
      Array.from({ length: 5 }, async () =>
        connector.getAccessTokenByRefreshToken!('hf_refresh_current')
      )
    );

    expect(requests).toHaveLength(1);
    expect(results).toEqual(Array.from({ length: 5 }, () => rotated));
    expect(nock.isDone()).toBe(true);
  });

  it('shares refreshes across the connector objects Logto builds for each request', async () => {
    const factory = createHuggingFaceConnector();
    const perRequest = async () =>
      factory({ getConfig: () => Promise.resolve({ clientId, clientSecret }) });
    const requests = acceptRefreshTokenOnce(200, rotated);

    const results = await Promise.all(
      Array.from({ length: 5 }, async () =>
        (await perRequest()).getAccessTokenByRefreshToken!('hf_refresh_current')
      )
    );

    expect(requests).toHaveLength(1);
    expect(results).toEqual(Array.from({ length: 5 }, () => rotated));
  });

  it('gives a read that arrives just after the refresh the same rotated set', async () => {
    const connector = await connectorWith({});
    acceptRefreshTokenOnce(200, rotated);

    await connector.getAccessTokenByRefreshToken!('hf_refresh_current');

    await expect(connector.getAccessTokenByRefreshToken!('hf_refresh_current')).resolves.toEqual(
      rotated
    );
  });

  it('hands a rejected refresh to every waiting caller and tries again on the next call', async () => {
    const connector = await connectorWith({});
    const rejected = acceptRefreshTokenOnce(400, {
      error: 'invalid_grant',
      error_description: 'Invalid refresh token',
    });

    const errors = await Promise.all(
      Array.from({ length: 3 }, async () =>
        failureOf(connector.getAccessTokenByRefreshToken!('hf_refresh_current'))
      )
    );

    expect(rejected).toHaveLength(1);
    expect(errors.map(({ code }) => code)).toEqual(
      Array.from({ length: 3 }, () => ConnectorErrorCodes.SocialAccessTokenInvalid)
    );

    const retried = acceptRefreshTokenOnce(200, rotated);

    await expect(connector.getAccessTokenByRefreshToken!('hf_refresh_current')).resolves.toEqual(
      rotated
    );
    expect(retried).toHaveLength(1);
  });
});

describe('the organization role floor', () => {
  const signInAs = async (allowedOrganizations: string, roleInOrg?: string) => {
    const connector = await connectorWith({
      scope: 'profile read-memberships',
      allowedOrganizations,
    });
    const { getSession } = await startSignIn(connector);
    nock(huggingFace)
      .post('/oauth/token')
      .reply(200, { access_token: 'hf_oauth_access', token_type: 'bearer' })
      .get('/oauth/userinfo')
      .reply(200, userInfoWithRoleInAcme(roleInOrg));

    return connector.getUserInfo({ code: 'code', state }, getSession);
  };

  it.each(['write', 'admin'])('acme:write signs in a member with the role %s', async (role) => {
    await expect(signInAs('acme:write', role)).resolves.toMatchObject({ id: janeDoeSub });
  });

  it.each([
    ['a read member', 'read'],
    ['a contributor', 'contributor'],
    ['a member whose role is not shared', undefined],
  ])('acme:write refuses %s with authorization_failed', async (_kind, role) => {
    const error = await failureOf(signInAs('acme:write', role));

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toMatchObject({ organization: 'acme', requiredRole: 'write' });
    expect(messageOf(error)).toContain(
      'Sign-in needs the role write or higher in the Hugging Face organization acme'
    );
  });

  it('refuses an unknown role with invalid_config when the sign-in starts, before any request', async () => {
    const connector = await connectorWith({ allowedOrganizations: 'acme:owner' });
    const network = recordAllRequests();

    const error = await failureOf(
      connector.getAuthorizationUri(authorizationRequest(), createSessionStore().setSession)
    );
    network.stop();

    expect(error.code).toBe(ConnectorErrorCodes.InvalidConfig);
    expect(messageOf(error)).toContain(
      'Allowed organizations (allowedOrganizations) has an entry with an unknown role (acme:owner): write an organization handle or id, optionally followed by a colon and the minimum role, one of read, contributor, write, admin'
    );
    expect(network.requests).toEqual([]);
  });
});
