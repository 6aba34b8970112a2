import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';

import {
  assertMemberOfAllowedOrganization,
  invalidOrganizationEntriesMessage,
  readOrganizationList,
} from './organizations.js';
import { thrownBy } from './testing/fixtures.js';
import { userInfoSchema } from './userinfo.js';

const acmeId = '652db071b62cf1f8463221e2';

const userIn = (...orgs: unknown[]) => userInfoSchema.parse({ sub: 'x', orgs });

const acmeMember = (roleInOrg?: string) =>
  userIn({ sub: acmeId, name: 'Acme Corp', preferred_username: 'acme', roleInOrg });

const rules = (list: string) => readOrganizationList(list).rules;

const admits = (userInfo: ReturnType<typeof userIn>, list: string) => {
  try {
    assertMemberOfAllowedOrganization(userInfo, rules(list));

    return true;
  } catch {
    return false;
  }
};

const refusal = (userInfo: ReturnType<typeof userIn>, list: string) =>
  thrownBy(() => assertMemberOfAllowedOrganization(userInfo, rules(list)));

describe('readOrganizationList', () => {
  it('splits handles and ids on commas and spaces, with a minimum role in any case', () => {
    expect(readOrganizationList(` acme, lab:Write\n${acmeId}:ADMIN,,bio:read `)).toEqual({
      rules: [
        { organization: 'acme' },
        { organization: 'lab', minimumRole: 'write' },
        { organization: acmeId, minimumRole: 'admin' },
        { organization: 'bio', minimumRole: 'read' },
      ],
      invalidEntries: [],
    });
    expect(readOrganizationList(undefined)).toEqual({ rules: [], invalidEntries: [] });
  });

  it('sets apart entries with an unknown, empty or extra role, or no organization', () => {
    expect(readOrganizationList('acme:owner lab acme: :write bio:read:write')).toEqual({
      rules: [{ organization: 'lab' }],
      invalidEntries: ['acme:owner', 'acme:', ':write', 'bio:read:write'],
    });
  });

  it('explains the entries the operator must fix', () => {
    const advice =
      'write an organization handle or id, optionally followed by a colon and the minimum role, one of read, contributor, write, admin (for example acme:write)';

    expect(invalidOrganizationEntriesMessage(['acme:owner'])).toBe(
      `Allowed organizations (allowedOrganizations) has an entry with an unknown role (acme:owner): ${advice}`
    );
    expect(invalidOrganizationEntriesMessage(['acme:owner', 'bio:member'])).toBe(
      `Allowed organizations (allowedOrganizations) has entries with an unknown role (acme:owner, bio:member): ${advice}`
    );
  });
});

describe('assertMemberOfAllowedOrganization', () => {
  it('lets everyone in when no organization is required, even without an organization list', () => {
    expect(() =>
      assertMemberOfAllowedOrganization(userInfoSchema.parse({ sub: 'x' }), [])
    ).not.toThrow();
  });

  it('lets a member in by handle or id, in any case, also when the listed organization has no handle', () => {
    const member = userIn(
      { sub: acmeId, preferred_username: 'acme' },
      { sub: '5e67bd5b1009063689407478', preferred_username: 'OpenResearch' },
      { sub: '64c0ffee64c0ffee64c0ffee' }
    );

    for (const list of ['ACME', 'openresearch', acmeId.toUpperCase(), '64c0ffee64c0ffee64c0ffee']) {
      expect(admits(member, `other ${list}`)).toBe(true);
    }
  });

  it('says to add the read-memberships scope when Hugging Face sent no organization list', () => {
    const error = refusal(userInfoSchema.parse({ sub: 'x' }), 'acme');

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({
      message:
        'Sign-in is limited to members of acme, but Hugging Face sent no organization list. Add the read-memberships scope to the connector (and allow it on the Hugging Face OAuth app).',
      requiredOrganizations: 'acme',
    });
  });

  it.each([
    ['a user of other organizations', acmeMember('admin')],
    ['a user of no organization', userIn()],
  ])('refuses %s, naming the required organizations', (_kind, userInfo) => {
    const error = refusal(userInfo, 'huggingface, bigscience:admin');

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({
      message:
        'Sign-in is limited to members of huggingface, bigscience (role admin or higher) on Hugging Face, and this account is not a member of any of them (or did not grant the app access to them).',
      requiredOrganizations: 'huggingface, bigscience (role admin or higher)',
    });
  });
});

describe('a minimum role', () => {
  it('orders the roles read < contributor < write < admin, in any case', () => {
    const roles = ['read', 'contributor', 'write', 'admin'];

    for (const [rank, role] of roles.entries()) {
      for (const [floorRank, floor] of roles.entries()) {
        expect([role, floor, admits(acmeMember(role.toUpperCase()), `acme:${floor}`)]).toEqual([
          role,
          floor,
          rank >= floorRank,
        ]);
      }
    }
  });

  it('admits any member, whatever their role or none, through an entry without one', () => {
    for (const role of ['owner', undefined]) {
      expect(admits(acmeMember(role), 'acme')).toBe(true);
    }
  });

  it('admits a user whom any entry admits', () => {
    expect(admits(acmeMember('read'), 'acme:admin acme:read')).toBe(true);
  });

  it('refuses a member below the role, naming the organization by its handle and both roles', () => {
    const error = refusal(acmeMember('Contributor'), `${acmeId}:write`);

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toEqual({
      message:
        'Sign-in needs the role write or higher in the Hugging Face organization acme, and this account has the role contributor there.',
      organization: acmeId,
      requiredRole: 'write',
      actualRole: 'contributor',
    });
  });

  it('refuses a role it does not know, even for the lowest floor', () => {
    expect(refusal(acmeMember('owner'), 'acme:read').data).toMatchObject({ actualRole: 'owner' });
  });

  it.each([
    ['did not share', undefined],
    ['shared as empty', ''],
  ])('refuses a member whose role Hugging Face %s, and says how to share it', (_kind, role) => {
    const error = refusal(acmeMember(role), 'acme:write');

    expect(error.code).toBe(ConnectorErrorCodes.AuthorizationFailed);
    expect(error.data).toStrictEqual({
      message:
        "Sign-in needs the role write or higher in the Hugging Face organization acme, but Hugging Face did not share this account's role there: it does so only for organizations the user granted to this app. To grant it, revoke the app under Connected applications in the Hugging Face settings and sign in again, or ask the administrator to request access to acme (orgIds).",
      organization: 'acme',
      requiredRole: 'write',
    });
  });

  it('names an organization Hugging Face lists without a handle by the configured entry', () => {
    const error = refusal(userIn({ sub: acmeId, roleInOrg: 'read' }), `${acmeId}:admin`);

    expect(error.data).toMatchObject({
      message: `Sign-in needs the role admin or higher in the Hugging Face organization ${acmeId}, and this account has the role read there.`,
    });
  });

  it('names the first entry, in the configured order, that refused the user', () => {
    const inTwo = userIn(
      { sub: acmeId, preferred_username: 'acme', roleInOrg: 'read' },
      { sub: '5e67bd5b1009063689407478', preferred_username: 'lab', roleInOrg: 'contributor' }
    );

    expect(refusal(inTwo, 'acme:write lab:admin').data).toMatchObject({ organization: 'acme' });
    expect(refusal(inTwo, 'lab:admin acme:write').data).toMatchObject({ organization: 'lab' });
  });
});
