import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';

import { parseConfig } from './config.js';
import { clientSecret, messageOf, thrownBy, validConfig } from './testing/fixtures.js';

/** Without allowed organizations, the parsed config has no rule: everyone may sign in. */
const parsedValidConfig = { ...validConfig, allowedOrganizations: [] };

const invalidConfigMessage = (config: unknown) => {
  const error = thrownBy(() => parseConfig(config));
  expect(error.code).toBe(ConnectorErrorCodes.InvalidConfig);

  return messageOf(error);
};

const notConfigured = (...problems: string[]) =>
  `The Hugging Face connector is not configured correctly: ${problems.join('; ')}. Fix it on the connector's page in the Logto Admin Console.`;

const fromApp = (problem: string) =>
  `${problem}: copy it from your Hugging Face OAuth app's settings`;

describe('parseConfig', () => {
  it('keeps a client id and secret, trimmed, and ignores fields it does not know', () => {
    expect(
      parseConfig({ clientId: ` ${validConfig.clientId}\n`, clientSecret, tenant: 'x' })
    ).toEqual(parsedValidConfig);
  });

  it('keeps every optional setting', () => {
    expect(
      parseConfig({
        ...validConfig,
        scope: 'openid profile email',
        orgIds: ' 652DB071B62CF1F8463221E2 ',
        allowedOrganizations: 'acme, lab:write',
        alwaysFetchUserInfo: true,
      })
    ).toEqual({
      ...validConfig,
      scope: 'openid profile email',
      orgIds: '652DB071B62CF1F8463221E2',
      allowedOrganizations: [
        { organization: 'acme' },
        { organization: 'lab', minimumRole: 'write' },
      ],
      alwaysFetchUserInfo: true,
    });
  });

  it('treats an optional field cleared in the Admin Console (empty or blank) as not set', () => {
    expect(parseConfig({ ...validConfig, orgIds: '  ', allowedOrganizations: '' })).toEqual(
      parsedValidConfig
    );
  });

  it.each([
    ['clientId', { clientSecret }, fromApp('Client ID (clientId) is missing')],
    ['clientId', { ...validConfig, clientId: ' \t\n ' }, fromApp('Client ID (clientId) is empty')],
    [
      'clientId',
      { ...validConfig, clientId: 12_345 },
      fromApp('Client ID (clientId) must be text'),
    ],
    ['clientSecret', { clientId: 'id' }, fromApp('Client secret (clientSecret) is missing')],
    [
      'clientSecret',
      { ...validConfig, clientSecret: '' },
      fromApp('Client secret (clientSecret) is empty'),
    ],
    [
      'clientSecret',
      { ...validConfig, clientSecret: null },
      fromApp('Client secret (clientSecret) must be text'),
    ],
    [
      'scope',
      { ...validConfig, scope: ['profile', 'email'] },
      'Scope (scope) must be text: the scopes to ask for, separated by spaces',
    ],
    [
      'scope',
      { ...validConfig, scope: 'profile,email' },
      'Scope (scope) separates scopes with spaces, not commas (for example: profile email)',
    ],
    [
      'orgIds',
      { ...validConfig, orgIds: 652 },
      'Request organization access (orgIds) must be text',
    ],
    [
      'allowedOrganizations',
      { ...validConfig, allowedOrganizations: ['acme'] },
      'Allowed organizations (allowedOrganizations) must be text: handles or ids separated by commas or spaces',
    ],
    [
      'allowedOrganizations',
      { ...validConfig, allowedOrganizations: 'acme:owner, lab' },
      'Allowed organizations (allowedOrganizations) has an entry with an unknown role (acme:owner): write an organization handle or id, optionally followed by a colon and the minimum role, one of read, contributor, write, admin (for example acme:write)',
    ],
    [
      'alwaysFetchUserInfo',
      { ...validConfig, alwaysFetchUserInfo: 'true' },
      'Always read the full profile (alwaysFetchUserInfo) must be on or off',
    ],
  ])('rejects a bad %s with invalid_config and says what to fix', (_field, config, problem) => {
    expect(invalidConfigMessage(config)).toBe(notConfigured(problem));
  });

  it.each([
    ['a name instead of an id', 'acme'],
    ['two ids joined by a comma', '652db071b62cf1f8463221e2,652db071b62cf1f8463221e3'],
    ['an id with a prefix', 'x652db071b62cf1f8463221e2'],
    ['an id with a suffix', '652db071b62cf1f8463221e2x'],
    ['23 hex characters', '652db071b62cf1f8463221e'],
    ['25 hex characters', '652db071b62cf1f8463221e2a'],
    ['a character that is not hexadecimal', '652db071b62cf1f8463221g2'],
  ])('rejects orgIds of %s', (_kind, orgIds) => {
    expect(invalidConfigMessage({ ...validConfig, orgIds })).toBe(
      notConfigured(
        'Request organization access (orgIds) must be one organization id: the 24-character hexadecimal sub of the organization, not its name'
      )
    );
  });

  it.each([null, undefined, 'clientId=abc', 42, [validConfig]])(
    'rejects a config that is %j as not an object',
    (config) => {
      expect(invalidConfigMessage(config)).toBe(notConfigured('the config is not an object'));
    }
  );

  it('names every bad field at once, and never the secret it was given', () => {
    const message = invalidConfigMessage({ clientId: '', clientSecret, scope: 'a,b', orgIds: 'x' });

    expect(message).toBe(
      notConfigured(
        fromApp('Client ID (clientId) is empty'),
        'Scope (scope) separates scopes with spaces, not commas (for example: profile email)',
        'Request organization access (orgIds) must be one organization id: the 24-character hexadecimal sub of the organization, not its name'
      )
    );
    expect(message).not.toContain(clientSecret);
  });
});
