import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';

import { configSchema, parseConfig } from './config.js';
import { clientSecret, messageOf, thrownBy, validConfig } from './testing/fixtures.js';

const invalidConfigMessage = (config: unknown) => {
  const error = thrownBy(() => parseConfig(config));
  expect(error.code).toBe(ConnectorErrorCodes.InvalidConfig);

  return messageOf(error);
};

describe('parseConfig', () => {
  it('accepts a client id and secret and keeps them', () => {
    expect(parseConfig(validConfig)).toEqual(validConfig);
  });

  it('trims stray whitespace pasted around the client id and secret', () => {
    expect(
      parseConfig({ clientId: ` ${validConfig.clientId}\n`, clientSecret: `\t${clientSecret} ` })
    ).toEqual(validConfig);
  });

  it('accepts a space-separated scope', () => {
    expect(parseConfig({ ...validConfig, scope: 'openid profile email' }).scope).toBe(
      'openid profile email'
    );
  });

  it('ignores fields it does not know, such as ones left over from another connector', () => {
    expect(parseConfig({ ...validConfig, tenant: 'x' })).toEqual(validConfig);
  });

  const fromApp = (problem: string) =>
    `${problem}: copy it from your Hugging Face OAuth app's settings`;

  it.each([
    ['clientId', 'missing', { clientSecret }, fromApp('Client ID (clientId) is missing')],
    [
      'clientId',
      'empty',
      { ...validConfig, clientId: '' },
      fromApp('Client ID (clientId) is empty'),
    ],
    [
      'clientId',
      'whitespace',
      { ...validConfig, clientId: ' \t\n ' },
      fromApp('Client ID (clientId) is empty'),
    ],
    [
      'clientId',
      'a number',
      { ...validConfig, clientId: 12_345 },
      fromApp('Client ID (clientId) must be text'),
    ],
    [
      'clientSecret',
      'missing',
      { clientId: validConfig.clientId },
      fromApp('Client secret (clientSecret) is missing'),
    ],
    [
      'clientSecret',
      'empty',
      { ...validConfig, clientSecret: '' },
      fromApp('Client secret (clientSecret) is empty'),
    ],
    [
      'clientSecret',
      'whitespace',
      { ...validConfig, clientSecret: '   ' },
      fromApp('Client secret (clientSecret) is empty'),
    ],
    [
      'clientSecret',
      'null',
      { ...validConfig, clientSecret: null },
      fromApp('Client secret (clientSecret) must be text'),
    ],
    [
      'scope',
      'not text',
      { ...validConfig, scope: ['profile', 'email'] },
      'Scope (scope) must be text: the scopes to ask for, separated by spaces',
    ],
    [
      'scope',
      'separated by commas',
      { ...validConfig, scope: 'profile,email' },
      'Scope (scope) separates scopes with spaces, not commas (for example: profile email)',
    ],
    [
      'orgIds',
      'not text',
      { ...validConfig, orgIds: 652 },
      'Request organization access (orgIds) must be text',
    ],
    [
      'orgIds',
      'a name instead of an id',
      { ...validConfig, orgIds: 'acme' },
      'Request organization access (orgIds) must be one organization id: the 24-character hexadecimal sub of the organization, not its name',
    ],
    [
      'allowedOrganizations',
      'not text',
      { ...validConfig, allowedOrganizations: ['acme'] },
      'Allowed organizations (allowedOrganizations) must be text: handles or ids separated by commas or spaces',
    ],
  ])(
    'rejects a %s that is %s with invalid_config and says what to fix',
    (_field, _kind, config, problem) => {
      expect(invalidConfigMessage(config)).toBe(
        `The Hugging Face connector is not configured correctly: ${problem}. Fix it on the connector's page in the Logto Admin Console.`
      );
    }
  );

  it.each([
    ['two ids joined by a comma', '652db071b62cf1f8463221e2,652db071b62cf1f8463221e3'],
    ['an id with a prefix', 'x652db071b62cf1f8463221e2'],
    ['an id with a suffix', '652db071b62cf1f8463221e2x'],
    ['23 hex characters', '652db071b62cf1f8463221e'],
    ['25 hex characters', '652db071b62cf1f8463221e2a'],
  ])('rejects orgIds of %s', (_kind, orgIds) => {
    expect(invalidConfigMessage({ ...validConfig, orgIds })).toContain(
      'Request organization access (orgIds) must be one organization id'
    );
  });

  it('accepts one organization id in orgIds, in either case and trimmed', () => {
    expect(parseConfig({ ...validConfig, orgIds: ' 652DB071B62CF1F8463221E2 ' }).orgIds).toBe(
      '652DB071B62CF1F8463221E2'
    );
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'clientId=abc'],
    ['a number', 42],
    ['an array', [validConfig]],
  ])('rejects a config that is %s as not an object', (_kind, config) => {
    expect(invalidConfigMessage(config)).toBe(
      "The Hugging Face connector is not configured correctly: the config is not an object. Fix it on the connector's page in the Logto Admin Console."
    );
  });

  it('names every bad field at once, separated by semicolons', () => {
    expect(invalidConfigMessage({ clientId: '', scope: 'a,b' })).toBe(
      `The Hugging Face connector is not configured correctly: ${fromApp('Client ID (clientId) is empty')}; ${fromApp('Client secret (clientSecret) is missing')}; Scope (scope) separates scopes with spaces, not commas (for example: profile email). Fix it on the connector's page in the Logto Admin Console.`
    );
  });

  it('refuses an unknown minimum role in allowedOrganizations, listing every problem in one message', () => {
    expect(
      invalidConfigMessage({
        ...validConfig,
        clientId: '',
        allowedOrganizations: 'acme:owner, lab',
      })
    ).toBe(
      `The Hugging Face connector is not configured correctly: ${fromApp('Client ID (clientId) is empty')}; Allowed organizations (allowedOrganizations) has an entry with an unknown role (acme:owner): write an organization handle or id, optionally followed by a colon and the minimum role, one of read, contributor, write, admin (for example acme:write). Fix it on the connector's page in the Logto Admin Console.`
    );
  });

  it('treats a cleared optional field (empty or blank) as not set', () => {
    expect(parseConfig({ ...validConfig, orgIds: '  ', allowedOrganizations: '' })).toEqual(
      validConfig
    );
  });

  it('never repeats the secret it was given in its error', () => {
    const error = thrownBy(() => parseConfig({ clientId: '', clientSecret, scope: 'a,b' }));

    expect(JSON.stringify({ message: error.message, data: error.data })).not.toContain(
      clientSecret
    );
  });
});

describe('configSchema', () => {
  it('is the guard Logto uses to validate the config form', () => {
    expect(configSchema.safeParse(validConfig).success).toBe(true);
    expect(configSchema.safeParse({ clientId: 'id' }).success).toBe(false);
  });
});
