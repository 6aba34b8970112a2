import { ConnectorErrorCodes, type ConnectorSession } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';

import { parseSignInSession, readCallback } from './callback.js';
import {
  authorizationCode,
  callbackQuery,
  codeVerifier,
  messageOf,
  redirectUri,
  signInSession,
  state,
  thrownBy,
} from './testing/fixtures.js';

const failureReading = (data: unknown, session: ConnectorSession | undefined = signInSession()) =>
  thrownBy(() => readCallback(data, session));

describe('readCallback', () => {
  it('returns the code of a callback whose state matches the sign-in, with the session', () => {
    expect(readCallback(callbackQuery(), signInSession())).toEqual({
      code: authorizationCode,
      session: { redirectUri, state, codeVerifier },
    });
  });

  it('reports a user who declined consent (access_denied) as authorization_failed with Hugging Face’s words', () => {
    const error = failureReading({
      error: 'access_denied',
      error_description: 'The user denied the request',
      state,
    });

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(messageOf(error)).toContain('The user declined');
    expect(error.data).toMatchObject({
      error: 'access_denied',
      errorDescription: 'The user denied the request',
    });
  });

  it.each(['invalid_scope', 'login_required', 'server_error'])(
    'reports the error %s as authorization_failed without calling it a refusal',
    (oauthError) => {
      const error = failureReading({ error: oauthError, error_description: 'details', state });

      expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
      expect(messageOf(error)).not.toContain('declined');
      expect(error.data).toMatchObject({ error: oauthError, errorDescription: 'details' });
    }
  );

  it('leaves errorDescription out when the description is missing or not text', () => {
    expect(failureReading({ error: 'access_denied' }).data).not.toHaveProperty('errorDescription');
    expect(
      failureReading({ error: 'access_denied', error_description: ['a', 'b'] }).data
    ).not.toHaveProperty('errorDescription');
  });

  it('keeps an oversized error short and on one line', () => {
    const error = failureReading({
      error: `${'x'.repeat(500)}\n<script>`,
      error_description: 'y'.repeat(500),
    });
    const data = error.data as { error: string; errorDescription: string };

    expect(data.error.length).toBeLessThanOrEqual(201);
    expect(data.error).not.toContain('\n');
    expect(data.errorDescription.length).toBeLessThanOrEqual(201);
  });

  it('believes the error over a code sent along with it', () => {
    expect(failureReading(callbackQuery({ error: 'access_denied' })).code).toBe(
      ConnectorErrorCodes.AuthorizationFailed
    );
  });

  it.each([
    ['no code', { state }],
    ['an empty code', { code: '', state }],
    ['a numeric code', { code: 12_345, state }],
    ['a code given twice (array)', { code: [authorizationCode, authorizationCode], state }],
    ['an object as code', { code: { value: authorizationCode }, state }],
  ])('reports a callback with %s as invalid_request_parameters', (_kind, data) => {
    const error = failureReading(data);

    expect(error.code).toBe(ConnectorErrorCodes.InvalidRequestParameters);
    expect(messageOf(error)).toContain('no authorization code');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', `code=${authorizationCode}&state=${state}`],
    ['a number', 42],
    ['an array', [callbackQuery()]],
  ])('reports callback data that is %s as invalid_request_parameters', (_kind, data) => {
    expect(failureReading(data).code).toBe(ConnectorErrorCodes.InvalidRequestParameters);
  });

  it.each([
    ['another sign-in’s state', 'someone-elses-state'],
    ['no state', undefined],
    ['a state given twice (array)', [state, state]],
  ])('reports a callback with %s as authorization_failed', (_kind, callbackState) => {
    const error = failureReading({ code: authorizationCode, state: callbackState });

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(messageOf(error)).toContain('state does not match');
  });

  it('reports a declined consent as such even when the session has expired meanwhile', () => {
    const error = failureReading({ error: 'access_denied', state }, undefined);

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(messageOf(error)).toContain('declined');
  });

  it('asks to restart when the session recorded no state, instead of skipping the state check', () => {
    const error = failureReading(callbackQuery(), signInSession({ state: undefined }));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain('Start the sign-in with Hugging Face again');
  });
});

describe('parseSignInSession', () => {
  it('returns what getAuthorizationUri stored', () => {
    expect(parseSignInSession(signInSession({ nonce: 'n' }))).toEqual({
      redirectUri,
      state,
      codeVerifier,
      nonce: 'n',
    });
  });

  it.each([
    ['without redirect URI', signInSession({ redirectUri: undefined })],
    ['without PKCE verifier', { redirectUri, state }],
    ['without state', { redirectUri, codeVerifier }],
    ['with an empty PKCE verifier', signInSession({ codeVerifier: '' })],
    ['that is empty (already read or expired)', {}],
    ['that is missing', undefined],
  ])('asks to restart the sign-in for a session %s (general)', (_kind, session) => {
    const error = thrownBy(() => parseSignInSession(session));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toMatch(/Start the sign-in with Hugging Face again/);
  });
});
