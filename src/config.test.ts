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

  it.each([
    ['clientId', 'missing', { clientSecret }, '`clientId` is missing'],
    ['clientId', 'empty', { ...validConfig, clientId: '' }, '`clientId` is empty'],
    ['clientId', 'whitespace', { ...validConfig, clientId: ' \t\n ' }, '`clientId` is empty'],
    ['clientId', 'a number', { ...validConfig, clientId: 12_345 }, '`clientId` must be text'],
    ['clientSecret', 'missing', { clientId: validConfig.clientId }, '`clientSecret` is missing'],
    ['clientSecret', 'empty', { ...validConfig, clientSecret: '' }, '`clientSecret` is empty'],
    [
      'clientSecret',
      'whitespace',
      { ...validConfig, clientSecret: '   ' },
      '`clientSecret` is empty',
    ],
    ['clientSecret', 'null', { ...validConfig, clientSecret: null }, '`clientSecret` must be text'],
  ])(
    'rejects a %s that is %s with invalid_config naming the field',
    (_field, _kind, config, expected) => {
      expect(invalidConfigMessage(config)).toContain(expected);
    }
  );

  it('rejects a scope that is not text', () => {
    expect(invalidConfigMessage({ ...validConfig, scope: ['profile', 'email'] })).toContain(
      '`scope` must be text'
    );
  });

  it('rejects scopes separated by commas and shows the right form', () => {
    const message = invalidConfigMessage({ ...validConfig, scope: 'profile,email' });

    expect(message).toContain('`scope` separates scopes with spaces, not commas');
    expect(message).toContain('`profile email`');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'clientId=abc'],
    ['a number', 42],
    ['an array', [validConfig]],
  ])('rejects a config that is %s as not an object', (_kind, config) => {
    expect(invalidConfigMessage(config)).toContain('the config is not an object');
  });

  it('names every bad field at once', () => {
    const message = invalidConfigMessage({ clientId: '', scope: 'a,b' });

    expect(message).toContain('`clientId` is empty');
    expect(message).toContain('`clientSecret` is missing');
    expect(message).toContain('not commas');
  });

  it('refuses an unknown minimum role in allowedOrganizations, listing every problem in one message', () => {
    expect(
      invalidConfigMessage({
        ...validConfig,
        clientId: '',
        allowedOrganizations: 'acme:owner, lab',
      })
    ).toBe(
      "The Hugging Face connector is not configured correctly: `clientId` is empty; allowedOrganizations has an entry with an unknown role (acme:owner): write an organization handle or id, optionally followed by a colon and the minimum role, one of read, contributor, write, admin (for example acme:write). Fix it on the connector's page in the Logto Admin Console (the values come from your Hugging Face OAuth app's settings)."
    );
  });

  it('tells the operator where to fix the config', () => {
    expect(invalidConfigMessage({})).toContain('Logto Admin Console');
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
