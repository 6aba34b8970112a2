import { connectorMetadataGuard, ConnectorPlatform } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';

import { configSchema } from './config.js';
import { connectorFactoryId, metadata } from './metadata.js';

describe('metadata', () => {
  it('passes the guard Logto’s Admin Console validates connector metadata with', () => {
    const result = connectorMetadataGuard.safeParse(metadata);

    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('has its own factory id, distinct from the official connector’s', () => {
    expect(metadata.id).toBe(connectorFactoryId);
    expect(metadata.id).not.toBe('huggingface-universal');
  });

  it('keeps the official target so that linked identities keep working', () => {
    expect(metadata.target).toBe('huggingface');
    expect(metadata.platform).toBe(ConnectorPlatform.Universal);
  });

  it.each(['en', 'es', 'zh-CN', 'ko', 'tr-TR'])(
    'has a name and a description in %s',
    (language) => {
      expect(metadata.name).toHaveProperty(language);
      expect(metadata.description[language as keyof typeof metadata.description]).toEqual(
        expect.stringMatching(/\S/)
      );
    }
  );

  it('points at a logo and a readme shipped as files', () => {
    expect(metadata.logo).toMatch(/^\.\/.+\.svg$/);
    expect(metadata.readme).toBe('./docs/guide.md');
  });

  describe('form items', () => {
    const item = (key: string) => metadata.formItems?.find((formItem) => formItem.key === key);

    const keys = metadata.formItems?.map(({ key }) => key) ?? [];

    it('starts with clientId, clientSecret and scope', () => {
      expect(keys.slice(0, 3)).toEqual(['clientId', 'clientSecret', 'scope']);
    });

    it('offers a field for every config setting and for nothing else', () => {
      expect([...keys].sort()).toEqual(Object.keys(configSchema.shape).sort());
    });

    it('requires only the client id and secret', () => {
      expect(metadata.formItems?.filter(({ required }) => required).map(({ key }) => key)).toEqual([
        'clientId',
        'clientSecret',
      ]);
    });

    it('marks only the client secret as confidential', () => {
      expect(
        metadata.formItems
          ?.filter((formItem) => 'isConfidential' in formItem && formItem.isConfidential)
          .map(({ key }) => key)
      ).toEqual(['clientSecret']);
    });

    it('requires the client id', () => {
      expect(item('clientId')).toMatchObject({ required: true });
      expect(item('clientId')).not.toHaveProperty('isConfidential', true);
    });

    it('requires the client secret and keeps it confidential', () => {
      expect(item('clientSecret')).toMatchObject({ required: true, isConfidential: true });
    });

    it('leaves the scope optional and explains the default', () => {
      expect(item('scope')).toMatchObject({ required: false });
      expect(item('scope')?.description).toContain('Empty means profile');
    });

    it('shows an example as the scope placeholder, not something that looks like the default', () => {
      expect(item('scope')?.placeholder).toBe('e.g. openid profile email read-memberships');
    });

    it('says that a step-up adds scopes to the configured ones', () => {
      expect(item('scope')?.description).toContain(
        'the connector requests these scopes plus the new ones, so the ID token check, the email and the organization rules still apply'
      );
    });

    it('explains the role floor of allowed organizations and when Hugging Face shares the role', () => {
      const description = item('allowedOrganizations')?.description;

      expect(description).toContain(
        'write handle:role or id:role, where role is read, contributor, write or admin'
      );
      expect(description).toContain('acme:write admits the write and admin members of acme');
      expect(description).toContain(
        'only for organizations granted to the app (through orgIds or read-memberships)'
      );
    });

    it.each(keys)('writes the texts of %s as plain text, without Markdown', (key) => {
      const { placeholder, description } = item(key) ?? {};

      expect(`${placeholder ?? ''} ${description ?? ''}`).not.toMatch(/[`*_[\]]/);
    });

    it.each(keys)('gives %s a label, a placeholder and a description', (key) => {
      const { label, placeholder, description } = item(key) ?? {};

      expect([label, placeholder, description]).toEqual([
        expect.stringMatching(/\S/),
        expect.stringMatching(/\S/),
        expect.stringMatching(/\S/),
      ]);
    });
  });
});
