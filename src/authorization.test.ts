import { ConnectorErrorCodes, type ConnectorSession } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';

import {
  buildAuthorizationUrl,
  challengeFor,
  createSignInSession,
  readCallback,
} from './authorization.js';
import {
  authorizationCode,
  callbackQuery,
  codeVerifier,
  redirectUri,
  signInSession,
  state,
  thrownBy,
} from './testing/fixtures.js';

const endpoint = 'https://huggingface.co/oauth/authorize';
const randomToken = /^[\w-]{43}$/;

describe('createSignInSession', () => {
  it('keeps what the callback needs, with a fresh 256-bit PKCE verifier and nonce', () => {
    const session = createSignInSession({ redirectUri, state }, 'openid profile', true);

    expect(session).toEqual({
      redirectUri,
      state,
      codeVerifier: expect.stringMatching(randomToken) as unknown,
      nonce: expect.stringMatching(randomToken) as unknown,
      scope: 'openid profile',
    });
    expect(session.nonce).not.toBe(session.codeVerifier);
    expect(createSignInSession({ redirectUri, state }, 'profile', true).codeVerifier).not.toBe(
      session.codeVerifier
    );
  });

  it('has no nonce without openid', () => {
    expect(createSignInSession({ redirectUri, state }, 'profile', false)).not.toHaveProperty(
      'nonce'
    );
  });
});

describe('buildAuthorizationUrl', () => {
  it('derives the S256 challenge as in RFC 7636 appendix B', () => {
    expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
    );
  });

  it('asks for a PKCE code with every parameter, encoded so that reserved characters survive', () => {
    const session = {
      redirectUri: 'https://auth.example.com/cb?x=1&y',
      state: 'st+at=e',
      codeVerifier,
      nonce: 'n-123',
      scope: 'openid profile',
    };
    const raw = buildAuthorizationUrl(endpoint, 'client id/odd&chars', session, '652db071');
    const url = new URL(raw);

    expect(raw).not.toContain('odd&chars');
    expect(`${url.origin}${url.pathname}`).toBe(endpoint);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client id/odd&chars',
      redirect_uri: 'https://auth.example.com/cb?x=1&y',
      scope: 'openid profile',
      state: 'st+at=e',
      code_challenge: challengeFor(codeVerifier),
      code_challenge_method: 'S256',
      nonce: 'n-123',
      orgIds: '652db071',
    });
  });

  it('leaves out nonce, orgIds and a scope that a session does not have', () => {
    const url = new URL(
      buildAuthorizationUrl(endpoint, 'id', { redirectUri, state, codeVerifier }, undefined)
    );

    expect([...url.searchParams.keys()]).toEqual([
      'response_type',
      'client_id',
      'redirect_uri',
      'state',
      'code_challenge',
      'code_challenge_method',
    ]);
  });
});

describe('readCallback', () => {
  const failureReading = (data: unknown, session: ConnectorSession | undefined = signInSession()) =>
    thrownBy(() => readCallback(data, session));
  const notAuthorized = (answer: string) =>
    `Hugging Face did not authorize the sign-in: it answered ${answer}. A scope your Hugging Face OAuth app does not allow (invalid_scope) is a common cause: allow it on the app, or remove it from the connector's Scope.`;
  const restart =
    'The sign-in session is missing or expired (no redirect URI, state or PKCE verifier was stored). Start the sign-in with Hugging Face again.';

  it('returns the code of a callback whose state matches, with the stored session', () => {
    const session = signInSession({ nonce: 'n', scope: 'openid' });

    expect(readCallback(callbackQuery(), session)).toEqual({ code: authorizationCode, session });
  });

  it('says that the user declined, even when the session has expired meanwhile', () => {
    const error = thrownBy(() =>
      readCallback(
        { error: 'access_denied', error_description: 'The user denied the request', state },
        undefined
      )
    );

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({
      message: 'The user declined to authorize the app on Hugging Face.',
      error: 'access_denied',
      errorDescription: 'The user denied the request',
    });
  });

  it('names any other error of Hugging Face and its description, believing it over a code', () => {
    const error = failureReading(
      callbackQuery({ error: 'invalid_scope', error_description: 'Scope not allowed' })
    );

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({
      message: notAuthorized('invalid_scope (Scope not allowed)'),
      error: 'invalid_scope',
      errorDescription: 'Scope not allowed',
    });
  });

  it.each([
    ['no description', {}],
    ['an empty description', { error_description: '' }],
    ['a description that is not text', { error_description: ['a', 'b'] }],
  ])('names the error alone when Hugging Face sent %s', (_kind, description) => {
    expect(failureReading({ error: 'server_error', ...description }).data).toStrictEqual({
      message: notAuthorized('server_error'),
      error: 'server_error',
    });
  });

  it('keeps an oversized error and description short and on one line', () => {
    const error = failureReading({
      error: `${'x'.repeat(300)}\n`,
      error_description: 'y'.repeat(300),
    });

    expect(error.data).toMatchObject({
      error: `${'x'.repeat(200)}…`,
      errorDescription: `${'y'.repeat(200)}…`,
    });
  });

  it.each([null, undefined, `code=${authorizationCode}`, 42])(
    'says that a callback of %j carried no parameters',
    (data) => {
      const error = failureReading(data);

      expect(error.code).toBe(ConnectorErrorCodes.InvalidRequestParameters);
      expect(error.data).toEqual({
        message: 'The Hugging Face callback carried no parameters. Start the sign-in again.',
      });
    }
  );

  it.each([
    ['no session', undefined],
    ['an empty session (already read)', {}],
    ['no redirect URI', signInSession({ redirectUri: undefined })],
    ['no state', signInSession({ state: undefined })],
    ['an empty PKCE verifier', signInSession({ codeVerifier: '' })],
  ])('asks to restart the sign-in when the session has %s', (_kind, session) => {
    const error = thrownBy(() => readCallback({ state }, session));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({ message: restart });
  });

  it.each([
    ['no code', { state }],
    ['an empty code', { code: '', state }],
    ['a code given twice', { code: [authorizationCode, authorizationCode], state }],
  ])('says that a callback with %s has no authorization code', (_kind, data) => {
    const error = failureReading(data);

    expect(error.code).toBe(ConnectorErrorCodes.InvalidRequestParameters);
    expect(error.data).toEqual({
      message: 'The Hugging Face callback has no authorization code. Start the sign-in again.',
    });
  });

  it.each([
    ['another sign-in’s state', 'someone-elses-state'],
    ['no state', undefined],
    ['a state given twice', [state, state]],
  ])('says that a callback with %s belongs to another sign-in', (_kind, callbackState) => {
    const error = failureReading({ code: authorizationCode, state: callbackState });

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({
      message:
        'The callback does not belong to this sign-in (its state does not match). Start the sign-in again from the same browser.',
    });
  });
});
