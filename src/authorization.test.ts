import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  buildAuthorizationUrl,
  challengeFor,
  createNonce,
  createPkcePair,
  mergeScopes,
  scopeIncludes,
} from './authorization.js';

const base64UrlAlphabet = /^[\w-]+$/;

describe('createPkcePair', () => {
  it('creates a verifier of 43 base64url characters (256 bits), within RFC 7636 limits', () => {
    const { codeVerifier } = createPkcePair();

    expect(codeVerifier).toMatch(base64UrlAlphabet);
    expect(codeVerifier).toHaveLength(43);
  });

  it('derives the S256 challenge: base64url(sha256(verifier)) without padding', () => {
    const { codeVerifier, codeChallenge } = createPkcePair();
    const expected = createHash('sha256')
      .update(codeVerifier, 'ascii')
      .digest('base64')
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replace(/=+$/, '');

    expect(codeChallenge).toBe(expected);
    expect(codeChallenge).not.toContain('=');
  });

  it('creates a fresh verifier every time', () => {
    const verifiers = new Set(Array.from({ length: 50 }, () => createPkcePair().codeVerifier));

    expect(verifiers.size).toBe(50);
  });
});

describe('challengeFor', () => {
  it('matches the example of RFC 7636 appendix B', () => {
    expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
    );
  });
});

describe('createNonce', () => {
  it('creates a fresh base64url value of 256 bits each time', () => {
    const first = createNonce();

    expect(first).toMatch(base64UrlAlphabet);
    expect(first).toHaveLength(43);
    expect(createNonce()).not.toBe(first);
  });
});

describe('mergeScopes', () => {
  it('adds the scopes of a step-up request to the configured ones, configured first', () => {
    expect(mergeScopes('openid profile read-memberships', 'inference-api')).toBe(
      'openid profile read-memberships inference-api'
    );
  });

  it('keeps new scopes in the order of the request and drops the ones already configured', () => {
    expect(mergeScopes('openid profile', 'read-repos profile inference-api openid')).toBe(
      'openid profile read-repos inference-api'
    );
  });

  it('never repeats a scope, even one written twice in the config or the request', () => {
    expect(mergeScopes('profile email profile', 'email jobs jobs')).toBe('profile email jobs');
  });

  it('uses the configured scope when the request has none, or a blank one', () => {
    expect(mergeScopes('profile email', undefined)).toBe('profile email');
    expect(mergeScopes('profile email', '')).toBe('profile email');
    expect(mergeScopes('profile email', ' \t ')).toBe('profile email');
  });

  it('starts from profile when no scope is configured', () => {
    expect(mergeScopes(undefined, undefined)).toBe('profile');
    expect(mergeScopes(' \t ', undefined)).toBe('profile');
    expect(mergeScopes(undefined, 'inference-api')).toBe('profile inference-api');
  });

  it('normalises runs of whitespace, tabs and newlines into single spaces', () => {
    expect(mergeScopes(' profile   email ', '  openid\t\tjobs \n email  ')).toBe(
      'profile email openid jobs'
    );
  });
});

describe('scopeIncludes', () => {
  it('finds whole scope names only', () => {
    expect(scopeIncludes('openid profile', 'openid')).toBe(true);
    expect(scopeIncludes('profile email', 'openid')).toBe(false);
    expect(scopeIncludes('read-repos', 'read')).toBe(false);
  });
});

describe('buildAuthorizationUrl', () => {
  const request = {
    authorizationEndpoint: 'https://huggingface.co/oauth/authorize',
    clientId: 'client id/with?odd&chars',
    redirectUri: 'https://auth.example.com/callback/abc?x=1',
    scope: 'openid profile',
    state: 'st+at=e',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  };

  it('points at the authorize endpoint with every parameter of a PKCE code request', () => {
    const url = new URL(buildAuthorizationUrl(request));

    expect(`${url.origin}${url.pathname}`).toBe('https://huggingface.co/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: request.clientId,
      redirect_uri: request.redirectUri,
      scope: request.scope,
      state: request.state,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
    });
  });

  it('encodes values so that reserved characters survive the round trip', () => {
    const raw = buildAuthorizationUrl(request);

    expect(raw).not.toContain('odd&chars');
    expect(new URL(raw).searchParams.get('redirect_uri')).toBe(request.redirectUri);
  });

  it('adds nonce and orgIds only when given', () => {
    const url = new URL(
      buildAuthorizationUrl({ ...request, nonce: 'n-123', orgIds: '652db071b62cf1f8463221e2' })
    );

    expect(url.searchParams.get('nonce')).toBe('n-123');
    expect(url.searchParams.get('orgIds')).toBe('652db071b62cf1f8463221e2');
    expect(new URL(buildAuthorizationUrl(request)).searchParams.has('nonce')).toBe(false);
  });
});
