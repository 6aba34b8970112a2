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
    // No session at all: the default of failureReading would supply one.
    const error = thrownBy(() => readCallback({ error: 'access_denied', state }, undefined));

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(messageOf(error)).toBe('The user declined to authorize the app on Hugging Face.');
  });

  it('asks to restart when the session recorded no state, instead of skipping the state check', () => {
    const error = failureReading(callbackQuery(), signInSession({ state: undefined }));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(messageOf(error)).toContain('Start the sign-in with Hugging Face again');
  });
});

describe('readCallback: what the operator reads', () => {
  const notAuthorized = (answer: string) =>
    `Hugging Face did not authorize the sign-in: it answered ${answer}. A scope your Hugging Face OAuth app does not allow (invalid_scope) is a common cause: allow it on the app, or remove it from the connector's Scope.`;

  it('says that the user declined, with Hugging Face’s error and description as data', () => {
    const error = failureReading({
      error: 'access_denied',
      error_description: 'The user denied the request',
      state,
    });

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({
      message: 'The user declined to authorize the app on Hugging Face.',
      error: 'access_denied',
      errorDescription: 'The user denied the request',
    });
  });

  it('names any other error of Hugging Face and its description in the message itself', () => {
    const error = failureReading({
      error: 'invalid_scope',
      error_description: 'The requested scope is not allowed',
      state,
    });

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({
      message: notAuthorized('invalid_scope (The requested scope is not allowed)'),
      error: 'invalid_scope',
      errorDescription: 'The requested scope is not allowed',
    });
  });

  it.each([
    ['no description', {}],
    ['an empty description', { error_description: '' }],
    ['a description that is not text', { error_description: ['a', 'b'] }],
  ])('names the error alone when Hugging Face sent %s', (_kind, description) => {
    const error = failureReading({ error: 'server_error', ...description, state });

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({ message: notAuthorized('server_error'), error: 'server_error' });
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', `code=${authorizationCode}&state=${state}`],
    ['an array', [callbackQuery()]],
  ])('says that a callback of %s carried no parameters', (_kind, data) => {
    const error = failureReading(data);

    expect(error.code).toBe(ConnectorErrorCodes.InvalidRequestParameters);
    expect(error.data).toEqual({
      message: 'The Hugging Face callback carried no parameters. Start the sign-in again.',
    });
  });

  it('says that the callback has no authorization code', () => {
    const error = failureReading({ state });

    expect(error.code).toBe(ConnectorErrorCodes.InvalidRequestParameters);
    expect(error.data).toEqual({
      message: 'The Hugging Face callback has no authorization code. Start the sign-in again.',
    });
  });

  it('says that the callback belongs to another sign-in', () => {
    const error = failureReading({ code: authorizationCode, state: 'someone-elses-state' });

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({
      message:
        'The callback does not belong to this sign-in (its state does not match). Start the sign-in again from the same browser.',
    });
  });

  it('says that the sign-in session is missing or expired', () => {
    const error = thrownBy(() => readCallback(callbackQuery(), undefined));

    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).toEqual({
      message:
        'The sign-in session is missing or expired (no redirect URI, state or PKCE verifier was stored). Start the sign-in with Hugging Face again.',
    });
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
