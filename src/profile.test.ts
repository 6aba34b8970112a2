import { socialUserInfoGuard } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';

import { mapUserInfoToProfile } from './profile.js';
import {
  emptyNameUserInfo,
  profileOnlyUserInfo,
  unverifiedEmailUserInfo,
  userInfoWithOrgs,
  janeDoeProfile,
} from './testing/fixtures.js';
import { userInfoSchema } from './userinfo.js';

/** Parses a userinfo body the way the connector does, then maps it. */
const profileOf = (body: Record<string, unknown>) =>
  mapUserInfoToProfile(userInfoSchema.parse(body), body as never);

describe('mapUserInfoToProfile', () => {
  it('maps a full Hugging Face profile to id, name, avatar, email and rawData', () => {
    const profile = profileOf(userInfoWithOrgs);

    expect(profile).toEqual(janeDoeProfile);
    expect(socialUserInfoGuard.safeParse(profile).success).toBe(true);
  });

  it('uses the stable sub as id, never the renamable handle', () => {
    const profile = profileOf({ ...userInfoWithOrgs, sub: 'abc', preferred_username: 'def' });

    expect(profile.id).toBe('abc');
  });

  it('falls back to the handle when the display name is empty', () => {
    expect(profileOf(emptyNameUserInfo).name).toBe(emptyNameUserInfo.preferred_username);
  });

  it.each([
    ['null', null],
    ['absent', undefined],
    ['blank', '   '],
    ['not text', 42],
  ])('falls back to the handle when the display name is %s', (_kind, name) => {
    expect(profileOf({ ...profileOnlyUserInfo, name }).name).toBe(
      profileOnlyUserInfo.preferred_username
    );
  });

  it('has no name when neither a display name nor a handle is usable', () => {
    expect(profileOf({ sub: 'abc', name: '', preferred_username: null })).not.toHaveProperty(
      'name'
    );
  });

  it('trims surrounding whitespace from the name and avatar', () => {
    const profile = profileOf({
      sub: 'abc',
      name: ' Jane Doe\n',
      picture: ' https://a.example/p.png ',
    });

    expect(profile).toMatchObject({ name: 'Jane Doe', avatar: 'https://a.example/p.png' });
  });

  it('returns no avatar when the picture is empty, null or not text', () => {
    for (const picture of ['', null, 7, undefined]) {
      expect(profileOf({ sub: 'abc', picture })).not.toHaveProperty('avatar');
    }
  });

  it.each([
    ['a javascript: URL', 'javascript:alert(document.domain)'],
    ['a data: URL', 'data:image/svg+xml,<svg onload=alert(1)>'],
    ['a plain http: URL', 'http://cdn.example/p.png'],
    ['a relative path', '/avatars/p.png'],
    ['a protocol-relative URL', '//evil.example/p.png'],
  ])('returns no avatar for %s', (_kind, picture) => {
    expect(profileOf({ sub: 'abc', picture })).not.toHaveProperty('avatar');
  });

  it('returns an https: avatar as a normalized URL', () => {
    expect(profileOf({ sub: 'abc', picture: 'HTTPS://CDN.example/a b.png' }).avatar).toBe(
      'https://cdn.example/a%20b.png'
    );
  });

  it.each([
    ['an embedded CR LF and a second header', 'jane@example.com\r\nBcc: all@example.com'],
    ['two addresses', 'jane@example.com,eve@example.com@evil.example'],
    ['a space inside', 'jane doe@example.com'],
    ['a tab inside', 'jane@exa\tmple.com'],
    ['a NUL character', 'jane@example.com\u0000'],
    ['a zero-width space', 'jane\u200b@example.com'],
    ['no @', 'jane.example.com'],
    ['nothing before the @', '@example.com'],
    ['a domain without a dot', 'jane@localhost'],
    ['255 characters', `${'j'.repeat(243)}@example.com`],
  ])('returns no email for a verified email with %s', (_kind, email) => {
    expect(profileOf({ ...userInfoWithOrgs, email })).not.toHaveProperty('email');
  });

  it('returns a verified email of exactly 254 characters, the longest RFC 5321 allows', () => {
    const email = `${'j'.repeat(242)}@example.com`;

    expect(email).toHaveLength(254);
    expect(profileOf({ ...userInfoWithOrgs, email }).email).toBe(email);
  });

  it('returns a verified email without surrounding whitespace', () => {
    expect(profileOf({ ...userInfoWithOrgs, email: ' jane@example.com\n' }).email).toBe(
      'jane@example.com'
    );
  });

  it('returns the email when Hugging Face has verified it', () => {
    expect(profileOf(userInfoWithOrgs).email).toBe('jane@example.com');
  });

  it('returns no email when Hugging Face has not verified it', () => {
    expect(profileOf(unverifiedEmailUserInfo)).not.toHaveProperty('email');
  });

  it('returns no email when email_verified is missing', () => {
    const withoutFlag: Record<string, unknown> = { ...userInfoWithOrgs };
    delete withoutFlag.email_verified;

    expect(profileOf(withoutFlag)).not.toHaveProperty('email');
  });

  it.each([
    ['the string "true"', 'true'],
    ['1', 1],
    ['null', null],
  ])('returns no email when email_verified is %s instead of the boolean true', (_kind, flag) => {
    expect(profileOf({ ...userInfoWithOrgs, email_verified: flag })).not.toHaveProperty('email');
  });

  it('returns no email when a verified email is blank', () => {
    expect(profileOf({ ...userInfoWithOrgs, email: ' ' })).not.toHaveProperty('email');
  });

  it('returns no email without the email scope', () => {
    expect(profileOf(profileOnlyUserInfo)).not.toHaveProperty('email');
  });

  it('never has keys whose value is undefined', () => {
    for (const body of [
      userInfoWithOrgs,
      unverifiedEmailUserInfo,
      emptyNameUserInfo,
      { sub: 'x' },
    ]) {
      const profile = profileOf(body);

      expect(Object.values(profile)).not.toContain(undefined);
    }
  });

  it('keeps the whole userinfo body as rawData, orgs, isPro and unknown fields included', () => {
    const body = { ...userInfoWithOrgs, billingMode: 'prepaid', email_verified: 'yes' };

    const { rawData } = profileOf(body);

    expect(rawData).toEqual(body);
    expect(rawData).toMatchObject({
      orgs: userInfoWithOrgs.orgs,
      isPro: false,
      billingMode: 'prepaid',
    });
  });

  it('has no rawData key when there is no raw body', () => {
    const profile = mapUserInfoToProfile(userInfoSchema.parse({ sub: 'abc' }), undefined);

    expect(profile).toEqual({ id: 'abc' });
    expect(Object.keys(profile)).toEqual(['id']);
  });
});
