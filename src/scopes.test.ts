import { describe, expect, it } from 'vitest';

import { defaultScope, mergeScopes, needsUserInfo, scopeIncludes, scopeNames } from './scopes.js';

describe('scopeNames and scopeIncludes', () => {
  it('split a scope on any whitespace and find whole names only', () => {
    expect(scopeNames(' openid\tprofile\n\nemail ')).toEqual(['openid', 'profile', 'email']);
    expect(scopeNames(undefined)).toEqual([]);
    expect(scopeIncludes('openid profile', 'openid')).toBe(true);
    expect(scopeIncludes('read-repos', 'read')).toBe(false);
    expect(scopeIncludes(undefined, 'openid')).toBe(false);
  });
});

describe('mergeScopes', () => {
  it('asks for profile when nothing is configured', () => {
    expect(defaultScope).toBe('profile');
    expect(mergeScopes(undefined, undefined)).toBe('profile');
    expect(mergeScopes(' \t ', undefined)).toBe('profile');
    expect(mergeScopes(undefined, 'inference-api')).toBe('profile inference-api');
  });

  it('adds the scopes of a step-up request after the configured ones', () => {
    expect(mergeScopes('openid profile read-memberships', 'inference-api')).toBe(
      'openid profile read-memberships inference-api'
    );
  });

  it('never repeats a scope and writes single spaces', () => {
    expect(mergeScopes(' profile  email profile', 'email\tjobs  openid jobs')).toBe(
      'profile email jobs openid'
    );
  });

  it('keeps the configured scope when the request has none or a blank one', () => {
    expect(mergeScopes('profile email', undefined)).toBe('profile email');
    expect(mergeScopes('profile email', ' ')).toBe('profile email');
  });
});

describe('needsUserInfo', () => {
  const nothingElse = { scope: 'openid profile email', allowedOrganizations: [] };

  it('is false when the ID token can carry the whole profile', () => {
    expect(needsUserInfo(nothingElse)).toBe(false);
    expect(needsUserInfo({ ...nothingElse, alwaysFetchUserInfo: false })).toBe(false);
    expect(needsUserInfo({ ...nothingElse, scope: 'openid read-memberships-extra' })).toBe(false);
  });

  it.each([
    ['the operator always wants userinfo', { alwaysFetchUserInfo: true }],
    ['organization rules are set', { allowedOrganizations: [{ organization: 'acme' }] }],
    ['an organization grant is requested', { orgIds: '652db071b62cf1f8463221e2' }],
    ['the scope asks for memberships', { scope: 'openid profile read-memberships' }],
  ])('is true when %s', (_kind, setting) => {
    expect(needsUserInfo({ ...nothingElse, ...setting })).toBe(true);
  });
});
