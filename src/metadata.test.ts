import {
  ConnectorConfigFormItemType,
  connectorMetadataGuard,
  ConnectorPlatform,
  type CreateConnector,
  type SocialConnector,
} from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';

import { configSchema } from './config.js';
import { connectorFactoryId, metadata } from './metadata.js';

const item = (key: string) => metadata.formItems?.find((formItem) => formItem.key === key);

describe('metadata', () => {
  it('passes the guard Logto’s Admin Console validates connector metadata with', () => {
    const result = connectorMetadataGuard.safeParse(metadata);

    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('has its own factory id but the official target, so that linked identities keep working', () => {
    expect(metadata).toMatchObject({
      id: 'huggingface-oidc-universal',
      target: 'huggingface',
      platform: ConnectorPlatform.Universal,
      isTokenStorageSupported: true,
      logo: './logo.svg',
      logoDark: './logo.svg',
      readme: './docs/guide.md',
    });
    expect(connectorFactoryId).toBe(metadata.id);
  });

  it('is named "Hugging Face" in every language, the text of the sign-in button', () => {
    expect(new Set(Object.values(metadata.name))).toEqual(new Set(['Hugging Face']));
    expect(Object.keys(metadata.name)).toEqual(Object.keys(metadata.description));
  });

  it('is told apart from the official connector in "Add social connector", in every language', async () => {
    // A specifier in a variable: the official package ships no type declarations.
    const officialPackage = '@logto/connector-huggingface';
    const { default: createOfficialConnector } = (await import(officialPackage)) as {
      default: CreateConnector<SocialConnector>;
    };
    const official = await createOfficialConnector({ getConfig: () => Promise.resolve({}) });
    const officialDescriptions = Object.values(official.metadata.description);

    expect(official.metadata.description.en).toMatch(/^Hugging Face is a machine learning/);
    expect(metadata.description.en).toBe(
      'OpenID Connect · Sign in with Hugging Face, the machine learning community and platform. Uses PKCE, accepts only verified emails and explains every error.'
    );

    for (const description of Object.values(metadata.description)) {
      expect(description).toMatch(/^OpenID Connect · \S/);
      expect(officialDescriptions).not.toContain(description);
    }
  });
});

describe('form items', () => {
  it('offer one field for every config setting, only the client id and secret required', () => {
    expect(
      metadata.formItems?.map(({ key, label, type, required }) => [key, label, type, required])
    ).toEqual([
      ['clientId', 'Client ID', ConnectorConfigFormItemType.Text, true],
      ['clientSecret', 'Client secret', ConnectorConfigFormItemType.Text, true],
      ['scope', 'Scope', ConnectorConfigFormItemType.Text, false],
      ['orgIds', 'Request organization access', ConnectorConfigFormItemType.Text, false],
      ['allowedOrganizations', 'Allowed organizations', ConnectorConfigFormItemType.Text, false],
      [
        'alwaysFetchUserInfo',
        'Always read the full profile',
        ConnectorConfigFormItemType.Switch,
        false,
      ],
    ]);
    expect(metadata.formItems?.map(({ key }) => key).sort()).toEqual(
      Object.keys(configSchema.shape).sort()
    );
  });

  it('keep only the client secret confidential', () => {
    expect(
      metadata.formItems?.filter(
        (formItem) => 'isConfidential' in formItem && formItem.isConfidential
      )
    ).toEqual([item('clientSecret')]);
  });

  it('give every field a description, and every text field a placeholder', () => {
    const formItems = metadata.formItems ?? [];

    expect(formItems.filter(({ description }) => !description?.trim())).toEqual([]);
    expect(formItems.filter(({ placeholder }) => !placeholder?.trim())).toEqual([
      item('alwaysFetchUserInfo'),
    ]);
  });

  it('explain the default scope and that a step-up adds scopes to the configured ones', () => {
    expect(item('scope')).toMatchObject({
      placeholder: 'e.g. openid profile email read-memberships',
      description: expect.stringContaining(
        'Empty means profile (id, name, username, avatar).'
      ) as unknown,
    });
    expect(item('scope')?.description).toContain(
      'the connector requests these scopes plus the new ones, so the ID token check, the email and the organization rules still apply'
    );
  });

  it('explain the role floor of allowed organizations and when Hugging Face shares the role', () => {
    const description = item('allowedOrganizations')?.description;

    expect(description).toContain(
      'write handle:role or id:role, where role is read, contributor, write or admin'
    );
    expect(description).toContain(
      'only for organizations granted to the app (through orgIds or read-memberships)'
    );
  });

  it('offer a switch, off by default, to read userinfo on every sign-in', () => {
    expect(item('alwaysFetchUserInfo')).toEqual({
      key: 'alwaysFetchUserInfo',
      label: 'Always read the full profile',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      description:
        'Off (recommended): with openid in the scope, a sign-in takes the profile from the verified ID token and skips the userinfo request, one round trip to Hugging Face less. On: every sign-in also reads userinfo, whose isPro, canPay and orgs then appear in the user’s rawData, for custom JWT scripts that read them. The organization rules, orgIds and read-memberships always read userinfo.',
    });
  });
});
