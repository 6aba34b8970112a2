import { socialUserInfoGuard } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';

import { mapUserInfoToProfile, profileFromIdToken } from './profile.js';
import {
  emptyNameUserInfo,
  janeDoeProfile,
  unverifiedEmailUserInfo,
  userInfoWithOrgs,
} from './testing/fixtures.js';
import { userInfoSchema } from './userinfo.js';

/** Parses a userinfo body the way the connector does, then maps it. */
const profileOf = (body: Record<string, unknown>) =>
  mapUserInfoToProfile(userInfoSchema.parse(body), body as never);

describe('mapUserInfoToProfile', () => {
  it('maps a full profile to the stable sub as id, name, avatar, verified email and rawData', () => {
    const profile = profileOf(userInfoWithOrgs);

    expect(profile).toStrictEqual(janeDoeProfile);
    expect(socialUserInfoGuard.safeParse(profile).success).toBe(true);
  });

  it('has only an id, without keys set to undefined, when nothing else is usable', () => {
    const body = { sub: 'abc', name: ' ', preferred_username: null, picture: '', email: 'a@b.c' };

    expect(mapUserInfoToProfile(userInfoSchema.parse(body), undefined)).toStrictEqual({
      id: 'abc',
    });
  });

  it.each([
    ['empty', ''],
    ['blank', '  '],
    ['null', null],
    ['not text', 42],
  ])('falls back to the handle when the display name is %s', (_kind, name) => {
    expect(profileOf({ ...emptyNameUserInfo, name }).name).toBe('handle-only');
  });

  it('trims the name, the avatar and the email', () => {
    expect(
      profileOf({
        ...userInfoWithOrgs,
        name: ' Jane Doe\n',
        picture: ' https://a.example/p.png ',
        email: ' jane@example.com\n',
      })
    ).toMatchObject({
      name: 'Jane Doe',
      avatar: 'https://a.example/p.png',
      email: 'jane@example.com',
    });
  });

  it('returns an https: avatar as a normalized URL', () => {
    expect(profileOf({ sub: 'abc', picture: 'HTTPS://CDN.example/a b.png' }).avatar).toBe(
      'https://cdn.example/a%20b.png'
    );
  });

  it.each([
    ['a javascript: URL', 'javascript:alert(document.domain)'],
    ['a plain http: URL', 'http://cdn.example/p.png'],
    ['a relative path', '/avatars/p.png'],
  ])('returns no avatar for %s', (_kind, picture) => {
    expect(profileOf({ sub: 'abc', picture })).not.toHaveProperty('avatar');
  });

  it('returns a verified email of 254 characters, the longest RFC 5321 allows, but not of 255', () => {
    const email = `${'j'.repeat(242)}@example.com`;

    expect(profileOf({ ...userInfoWithOrgs, email }).email).toBe(email);
    expect(profileOf({ ...userInfoWithOrgs, email: `j${email}` })).not.toHaveProperty('email');
  });

  it.each([
    ['not verified', unverifiedEmailUserInfo],
    ['verified only as the text "true"', { ...userInfoWithOrgs, email_verified: 'true' }],
    ['without email_verified', { ...userInfoWithOrgs, email_verified: undefined }],
    ['when the verified email is blank', { ...userInfoWithOrgs, email: ' ' }],
    ['with a second header', { ...userInfoWithOrgs, email: 'jane@example.com\r\nBcc: x@y.z' }],
    ['with two addresses', { ...userInfoWithOrgs, email: 'jane@example.com,eve@evil.example' }],
    ['with a zero-width space', { ...userInfoWithOrgs, email: 'jane\u200b@example.com' }],
    ['without a dot in the domain', { ...userInfoWithOrgs, email: 'jane@localhost' }],
    ['with nothing before the @', { ...userInfoWithOrgs, email: '@example.com' }],
  ])('returns no email %s', (_kind, body) => {
    expect(profileOf(body)).not.toHaveProperty('email');
  });
});

describe('profileFromIdToken', () => {
  const profileClaims = {
    sub: userInfoWithOrgs.sub,
    name: 'Jane Doe',
    preferred_username: 'janedoe',
    picture: userInfoWithOrgs.picture,
  };
  const emailClaims = { email: 'jane@example.com', email_verified: true };
  const protocolClaims = {
    iss: 'https://huggingface.co',
    aud: 'client',
    exp: 2,
    iat: 1,
    nbf: 1,
    jti: 'j',
    auth_time: 1,
    nonce: 'n',
    azp: 'client',
    at_hash: 'a',
    c_hash: 'c',
    sid: 's',
    acr: '0',
    amr: ['pwd'],
  };

  it('takes the profile from the claims, leaving the claims about the token out of raw', () => {
    const claims = { ...profileClaims, ...emailClaims, website: 'https://janedoe.dev' };

    expect(profileFromIdToken({ ...claims, ...protocolClaims }, 'openid profile email')).toEqual({
      userInfo: claims,
      raw: claims,
    });
  });

  it.each([
    ['a name', { preferred_username: undefined }],
    ['a handle', { name: undefined }],
  ])('needs only %s besides the picture', (_kind, without) => {
    const claims = { ...profileClaims, ...without };

    expect(profileFromIdToken(claims, 'openid profile')?.raw).toEqual(claims);
  });

  it('needs the email and whether it is verified only when email was granted', () => {
    const unverified = { ...profileClaims, email: 'jane@example.com', email_verified: false };

    expect(profileFromIdToken(profileClaims, 'openid profile')).toBeDefined();
    expect(profileFromIdToken(profileClaims, undefined)).toBeDefined();
    expect(profileFromIdToken(unverified, 'openid profile email')?.raw).toEqual(unverified);
  });

  it.each([
    ['no sub', { ...profileClaims, ...emailClaims, sub: undefined }, 'openid profile email'],
    [
      'neither a name nor a handle',
      { ...profileClaims, name: undefined, preferred_username: undefined },
      'openid profile',
    ],
    ['no picture', { ...profileClaims, picture: undefined }, 'openid profile'],
    ['a picture that is not text', { ...profileClaims, picture: 7 }, 'openid profile'],
    [
      'no email although email was granted',
      { ...profileClaims, email_verified: true },
      'openid email profile',
    ],
    [
      'no email_verified although email was granted',
      { ...profileClaims, email: 'jane@example.com' },
      'openid email',
    ],
  ])('leaves the profile to userinfo with %s', (_kind, claims, grantedScope) => {
    expect(profileFromIdToken(claims, grantedScope)).toBeUndefined();
  });
});
