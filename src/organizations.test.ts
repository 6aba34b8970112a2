import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';

import { parseConfig } from './config.js';
import { assertMemberOfAllowedOrganization, parseOrganizationList } from './organizations.js';
import { userInfoSchema } from './userinfo.js';

const member = userInfoSchema.parse({
  sub: '62f264b9f3c90f4b6514a269',
  orgs: [
    { sub: '652db071b62cf1f8463221e2', name: 'Acme Corp', preferred_username: 'acme', plan: 'team' },
    { sub: '5e67bd5b1009063689407478', name: 'Open Research', preferred_username: 'OpenResearch' },
  ],
});

describe('parseOrganizationList', () => {
  it('splits handles and ids on commas and spaces and drops empty entries', () => {
    expect(parseOrganizationList(' acme, open-research  652db071b62cf1f8463221e2,,')).toEqual([
      'acme',
      'open-research',
      '652db071b62cf1f8463221e2',
    ]);
  });

  it('reads an unset list as "no restriction"', () => {
    expect(parseOrganizationList(undefined)).toEqual([]);
  });
});

describe('assertMemberOfAllowedOrganization', () => {
  it('lets everyone in when no organization is required', () => {
    expect(() => assertMemberOfAllowedOrganization(userInfoSchema.parse({ sub: 'x' }), [])).not.toThrow();
  });

  it('lets a member in by handle, ignoring case', () => {
    expect(() => assertMemberOfAllowedOrganization(member, ['ACME'])).not.toThrow();
    expect(() => assertMemberOfAllowedOrganization(member, ['openresearch'])).not.toThrow();
  });

  it('lets a member in by organization id', () => {
    expect(() =>
      assertMemberOfAllowedOrganization(member, ['other', '652db071b62cf1f8463221e2'])
    ).not.toThrow();
  });

  it('refuses a user of other organizations with authorization_failed naming the required ones', () => {
    expect(() => assertMemberOfAllowedOrganization(member, ['huggingface', 'bigscience'])).toThrow(
      expect.objectContaining({
        code: ConnectorErrorCodes.AuthorizationFailed,
        data: expect.objectContaining({
          message: expect.stringContaining('huggingface, bigscience'),
          requiredOrganizations: 'huggingface, bigscience',
        }),
      })
    );
  });

  it('refuses a user with an empty organization list', () => {
    const loner = userInfoSchema.parse({ sub: 'x', orgs: [] });

    expect(() => assertMemberOfAllowedOrganization(loner, ['acme'])).toThrow(
      expect.objectContaining({ code: ConnectorErrorCodes.AuthorizationFailed })
    );
  });

  it('says to add the read-memberships scope when Hugging Face sent no organization claim', () => {
    const withoutClaim = userInfoSchema.parse({ sub: 'x', name: 'Jane' });

    expect(() => assertMemberOfAllowedOrganization(withoutClaim, ['acme'])).toThrow(
      expect.objectContaining({
        code: ConnectorErrorCodes.AuthorizationFailed,
        data: expect.objectContaining({ message: expect.stringContaining('`read-memberships`') }),
      })
    );
  });

  it('matches an organization id pasted in upper case', () => {
    expect(() => assertMemberOfAllowedOrganization(member, ['652DB071B62CF1F8463221E2'])).not.toThrow();
  });
});

describe('organization settings in the config', () => {
  const base = { clientId: 'id', clientSecret: 'secret' };

  it('accepts an organization id and a list of allowed organizations', () => {
    expect(
      parseConfig({ ...base, orgIds: ' 652db071b62cf1f8463221e2 ', allowedOrganizations: 'acme' })
    ).toMatchObject({ orgIds: '652db071b62cf1f8463221e2', allowedOrganizations: 'acme' });
  });

  it('treats fields cleared in the Admin Console as unset', () => {
    expect(parseConfig({ ...base, orgIds: '', allowedOrganizations: '  ' })).toEqual(base);
  });

  it('rejects an organization name given as orgIds with invalid_config explaining the id format', () => {
    expect(() => parseConfig({ ...base, orgIds: 'acme' })).toThrow(
      expect.objectContaining({
        code: ConnectorErrorCodes.InvalidConfig,
        data: { message: expect.stringContaining('24-character hexadecimal `sub`') },
      })
    );
  });

  it('rejects a non-text allowedOrganizations with invalid_config', () => {
    expect(() => parseConfig({ ...base, allowedOrganizations: ['acme'] })).toThrow(
      expect.objectContaining({
        code: ConnectorErrorCodes.InvalidConfig,
        data: { message: expect.stringContaining('`allowedOrganizations` must be text') },
      })
    );
  });
});
