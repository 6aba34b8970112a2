import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';

import { parseConfig } from './config.js';
import { assertMemberOfAllowedOrganization, parseOrganizationList } from './organizations.js';
import { messageOf, thrownBy } from './testing/fixtures.js';
import { userInfoSchema } from './userinfo.js';

const member = userInfoSchema.parse({
  sub: '62f264b9f3c90f4b6514a269',
  orgs: [
    {
      sub: '652db071b62cf1f8463221e2',
      name: 'Acme Corp',
      preferred_username: 'acme',
      plan: 'team',
    },
    { sub: '5e67bd5b1009063689407478', name: 'Open Research', preferred_username: 'OpenResearch' },
  ],
});

const rules = (list: string) => parseOrganizationList(list);

describe('parseOrganizationList', () => {
  it('splits handles and ids on commas and spaces and drops empty entries', () => {
    expect(parseOrganizationList(' acme, open-research  652db071b62cf1f8463221e2,,')).toEqual([
      { organization: 'acme' },
      { organization: 'open-research' },
      { organization: '652db071b62cf1f8463221e2' },
    ]);
  });

  it('reads a minimum role after a colon, in any case', () => {
    expect(parseOrganizationList('acme:write 652db071b62cf1f8463221e2:ADMIN, lab:read')).toEqual([
      { organization: 'acme', minimumRole: 'write' },
      { organization: '652db071b62cf1f8463221e2', minimumRole: 'admin' },
      { organization: 'lab', minimumRole: 'read' },
    ]);
  });

  it('reads an unset list as "no restriction"', () => {
    expect(parseOrganizationList(undefined)).toEqual([]);
  });

  it.each([
    ['an unknown role', 'acme:owner', 'an entry with an unknown role (acme:owner)'],
    ['an empty role', 'acme:', 'an entry with an unknown role (acme:)'],
    ['a role without an organization', ':write', 'an entry with an unknown role (:write)'],
    [
      'several bad entries',
      'acme:owner lab bio:member',
      'entries with an unknown role (acme:owner, bio:member)',
    ],
  ])('refuses %s with invalid_config naming the entry and the roles', (_kind, list, named) => {
    const error = thrownBy(() => parseOrganizationList(list));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidConfig);
    expect(messageOf(error)).toBe(
      `The Hugging Face connector is not configured correctly: Allowed organizations (allowedOrganizations) has ${named}: write an organization handle or id, optionally followed by a colon and the minimum role, one of read, contributor, write, admin (for example acme:write).`
    );
  });
});

describe('assertMemberOfAllowedOrganization', () => {
  it('lets everyone in when no organization is required', () => {
    expect(() =>
      assertMemberOfAllowedOrganization(userInfoSchema.parse({ sub: 'x' }), [])
    ).not.toThrow();
  });

  it('lets a member in by handle, ignoring case', () => {
    expect(() => assertMemberOfAllowedOrganization(member, rules('ACME'))).not.toThrow();
    expect(() => assertMemberOfAllowedOrganization(member, rules('openresearch'))).not.toThrow();
  });

  it('lets a member in by organization id', () => {
    expect(() =>
      assertMemberOfAllowedOrganization(member, rules('other 652db071b62cf1f8463221e2'))
    ).not.toThrow();
  });

  it('refuses a user of other organizations with authorization_failed naming the required ones', () => {
    const error = thrownBy(() =>
      assertMemberOfAllowedOrganization(member, rules('huggingface, bigscience:admin'))
    );

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({
      message:
        'Sign-in is limited to members of huggingface, bigscience (role admin or higher) on Hugging Face, and this account is not a member of any of them (or did not grant the app access to them).',
      requiredOrganizations: 'huggingface, bigscience (role admin or higher)',
    });
  });

  it('refuses a user with an empty organization list', () => {
    const loner = userInfoSchema.parse({ sub: 'x', orgs: [] });

    expect(() => assertMemberOfAllowedOrganization(loner, rules('acme'))).toThrow(
      expect.objectContaining({ code: ConnectorErrorCodes.AuthorizationFailed })
    );
  });

  it('says to add the read-memberships scope when Hugging Face sent no organization claim', () => {
    const withoutClaim = userInfoSchema.parse({ sub: 'x', name: 'Jane' });
    const error = thrownBy(() => assertMemberOfAllowedOrganization(withoutClaim, rules('acme')));

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({
      message:
        'Sign-in is limited to members of acme, but Hugging Face sent no organization list. Add the read-memberships scope to the connector (and allow it on the Hugging Face OAuth app).',
      requiredOrganizations: 'acme',
    });
  });

  it('matches by id an organization that Hugging Face lists without a handle', () => {
    const withoutHandle = userInfoSchema.parse({
      sub: 'x',
      orgs: [{ sub: '652db071b62cf1f8463221e2', name: 'Acme Corp' }],
    });

    expect(() =>
      assertMemberOfAllowedOrganization(withoutHandle, rules('acme 652db071b62cf1f8463221e2'))
    ).not.toThrow();
  });

  it('matches an organization id pasted in upper case', () => {
    expect(() =>
      assertMemberOfAllowedOrganization(member, rules('652DB071B62CF1F8463221E2'))
    ).not.toThrow();
  });
});

describe('a minimum role (role floor)', () => {
  const withRole = (roleInOrg?: unknown) =>
    userInfoSchema.parse({
      sub: '62f264b9f3c90f4b6514a269',
      orgs: [
        {
          sub: '652db071b62cf1f8463221e2',
          name: 'Acme Corp',
          preferred_username: 'acme',
          ...(roleInOrg !== undefined && { roleInOrg }),
        },
      ],
    });

  it.each(['write', 'admin', 'Admin'])('acme:write admits a %s member', (role) => {
    expect(() =>
      assertMemberOfAllowedOrganization(withRole(role), rules('acme:write'))
    ).not.toThrow();
  });

  it.each(['read', 'contributor'])(
    'acme:write refuses a %s member with authorization_failed naming the organization and the role',
    (role) => {
      const error = thrownBy(() =>
        assertMemberOfAllowedOrganization(withRole(role), rules('acme:write'))
      );

      expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
      expect(error.data).toEqual({
        message: `Sign-in needs the role write or higher in the Hugging Face organization acme, and this account has the role ${role} there.`,
        organization: 'acme',
        requiredRole: 'write',
        actualRole: role,
      });
    }
  );

  it('acme:write refuses a member whose role Hugging Face did not share, and says how to share it', () => {
    const error = thrownBy(() =>
      assertMemberOfAllowedOrganization(withRole(), rules('acme:write'))
    );

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({
      message:
        "Sign-in needs the role write or higher in the Hugging Face organization acme, but Hugging Face did not share this account's role there: it does so only for organizations the user granted to this app. To grant it, revoke the app under Connected applications in the Hugging Face settings and sign in again, or ask the administrator to request access to acme (orgIds).",
      organization: 'acme',
      requiredRole: 'write',
    });
  });

  it('reads an empty role as not shared', () => {
    const error = thrownBy(() =>
      assertMemberOfAllowedOrganization(withRole(''), rules('acme:read'))
    );

    expect(messageOf(error)).toContain("Hugging Face did not share this account's role there");
    expect(error.data).toMatchObject({ organization: 'acme', requiredRole: 'read' });
    expect(error.data).not.toHaveProperty('actualRole');
  });

  it('names the first entry, in the configured order, that refused the user', () => {
    const inTwo = userInfoSchema.parse({
      sub: 'x',
      orgs: [
        { sub: '652db071b62cf1f8463221e2', preferred_username: 'acme', roleInOrg: 'read' },
        { sub: '5e67bd5b1009063689407478', preferred_username: 'lab', roleInOrg: 'contributor' },
      ],
    });
    const refusedBy = (list: string) =>
      thrownBy(() => assertMemberOfAllowedOrganization(inTwo, rules(list))).data;

    expect(refusedBy('acme:write lab:admin')).toMatchObject({
      organization: 'acme',
      actualRole: 'read',
    });
    expect(refusedBy('lab:admin acme:write')).toMatchObject({
      organization: 'lab',
      actualRole: 'contributor',
    });
  });

  it('refuses a role it does not know, even for the lowest floor', () => {
    const error = thrownBy(() =>
      assertMemberOfAllowedOrganization(withRole('owner'), rules('acme:read'))
    );

    expect(error.data).toMatchObject({
      organization: 'acme',
      requiredRole: 'read',
      actualRole: 'owner',
    });
  });

  it('orders the roles read < contributor < write < admin', () => {
    const admitted = (role: string, floor: string) => {
      try {
        assertMemberOfAllowedOrganization(withRole(role), rules(`acme:${floor}`));

        return true;
      } catch {
        return false;
      }
    };
    const roles = ['read', 'contributor', 'write', 'admin'];

    for (const [roleRank, role] of roles.entries()) {
      for (const [floorRank, floor] of roles.entries()) {
        expect({ role, floor, admitted: admitted(role, floor) }).toEqual({
          role,
          floor,
          admitted: roleRank >= floorRank,
        });
      }
    }
  });

  it('applies a floor given by organization id, naming the organization by its handle', () => {
    expect(() =>
      assertMemberOfAllowedOrganization(withRole('admin'), rules('652db071b62cf1f8463221e2:admin'))
    ).not.toThrow();

    const error = thrownBy(() =>
      assertMemberOfAllowedOrganization(withRole('write'), rules('652db071b62cf1f8463221e2:admin'))
    );

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({
      message:
        'Sign-in needs the role admin or higher in the Hugging Face organization acme, and this account has the role write there.',
      organization: '652db071b62cf1f8463221e2',
      requiredRole: 'admin',
      actualRole: 'write',
    });
  });

  it('keeps a plain entry open to any member, whatever their role or none', () => {
    for (const role of ['read', undefined]) {
      expect(() => assertMemberOfAllowedOrganization(withRole(role), rules('acme'))).not.toThrow();
    }
  });

  it('admits a user whom any entry admits', () => {
    expect(() =>
      assertMemberOfAllowedOrganization(withRole('read'), rules('acme:admin acme:read'))
    ).not.toThrow();
    expect(() =>
      assertMemberOfAllowedOrganization(member, rules('acme:admin, openresearch'))
    ).not.toThrow();
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
    const error = thrownBy(() => parseConfig({ ...base, orgIds: 'acme' }));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidConfig);
    expect(messageOf(error)).toContain('24-character hexadecimal sub');
  });

  it('rejects a non-text allowedOrganizations with invalid_config', () => {
    const error = thrownBy(() => parseConfig({ ...base, allowedOrganizations: ['acme'] }));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidConfig);
    expect(messageOf(error)).toContain(
      'Allowed organizations (allowedOrganizations) must be text: handles or ids separated by commas or spaces'
    );
  });

  it('accepts minimum roles in allowedOrganizations', () => {
    expect(parseConfig({ ...base, allowedOrganizations: 'acme:write, lab' })).toMatchObject({
      allowedOrganizations: 'acme:write, lab',
    });
  });

  it('rejects an unknown role with invalid_config naming the entry and the roles', () => {
    const error = thrownBy(() => parseConfig({ ...base, allowedOrganizations: 'acme:owner lab' }));

    expect(error.code).toBe(ConnectorErrorCodes.InvalidConfig);
    expect(messageOf(error)).toContain(
      'Allowed organizations (allowedOrganizations) has an entry with an unknown role (acme:owner): write an organization handle or id, optionally followed by a colon and the minimum role, one of read, contributor, write, admin (for example acme:write)'
    );
  });
});
