import { socialUserInfoGuard } from '@logto/connector-kit';
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { challengeFor } from './authorization.js';
import createConnector, { connectorFactoryId, createHuggingFaceConnector } from './index.js';
import {
  authorizationCode,
  authorizationRequest,
  clientId,
  clientSecret,
  configGetter,
  createSessionStore,
  decodeBasicAuthorization,
  huggingFace,
  redirectUri,
  tokenPath,
  tokenResponse,
  userInfoPath,
  userInfoWithOrgs,
  validConfig,
  mockNetworkForEachTest,
  janeDoeProfile,
} from './testing/fixtures.js';

mockNetworkForEachTest();

describe('the package’s default export', () => {
  it('is the connector factory, bound to huggingface.co', async () => {
    expect(typeof createConnector).toBe('function');
    expect(typeof createHuggingFaceConnector).toBe('function');

    const connector = await createConnector({ getConfig: configGetter() });

    expect(connector.metadata.id).toBe(connectorFactoryId);
  });

  it('signs a user in from start to finish', async () => {
    const connector = await createConnector({
      getConfig: configGetter({ ...validConfig, scope: 'profile email' }),
    });
    const store = createSessionStore();

    // 1. Logto asks for the URL to send the browser to.
    const authorizationUrl = new URL(
      await connector.getAuthorizationUri(authorizationRequest(), store.setSession)
    );
    const { state } = Object.fromEntries(authorizationUrl.searchParams);
    const verifier = store.peek()?.codeVerifier;
    expect(authorizationUrl.origin).toBe(huggingFace);
    expect(authorizationUrl.searchParams.get('scope')).toBe('profile email');

    // 2. Hugging Face redeems the code, checking the PKCE verifier, then serves the profile.
    let tokenRequest: URLSearchParams | undefined;
    let tokenAuthorization: string | undefined;
    const scope = nock(huggingFace)
      .post(tokenPath)
      .reply(function (_uri, body) {
        tokenRequest = new URLSearchParams(typeof body === 'string' ? body : '');
        tokenAuthorization = this.req.headers.authorization;

        return [200, tokenResponse];
      })
      .get(userInfoPath)
      .matchHeader('authorization', `Bearer ${tokenResponse.access_token}`)
      .reply(200, userInfoWithOrgs);

    // 3. The browser comes back to Logto's callback with the code and the state.
    const profile = await connector.getUserInfo(
      { code: authorizationCode, state, redirectUri },
      store.getSession
    );

    expect(scope.isDone()).toBe(true);
    expect(tokenRequest?.get('code')).toBe(authorizationCode);
    expect(tokenRequest?.get('code_verifier')).toBe(verifier);
    expect(challengeFor(tokenRequest?.get('code_verifier') ?? '')).toBe(
      authorizationUrl.searchParams.get('code_challenge')
    );
    expect(decodeBasicAuthorization(tokenAuthorization)).toMatchObject({ clientId, clientSecret });
    expect(profile).toEqual(janeDoeProfile);
    expect(socialUserInfoGuard.safeParse(profile).success).toBe(true);
    expect(store.getSession).toHaveBeenCalledTimes(1);
    expect(store.peek()).toBeUndefined();
  });
});
