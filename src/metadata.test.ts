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

  it.each(['en', 'es', 'zh-CN', 'ko', 'tr-TR'])('has a name and a description in %s', (language) => {
    expect(metadata.name).toHaveProperty(language);
    expect(metadata.description[language as keyof typeof metadata.description]).toEqual(
      expect.stringMatching(/\S/)
    );
  });

  it('points at a logo and a readme shipped as files', () => {
    expect(metadata.logo).toMatch(/^\.\/.+\.svg$/);
    expect(metadata.readme).toBe('./README.md');
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
        metadata.formItems?.filter((formItem) => 'isConfidential' in formItem && formItem.isConfidential)
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
      expect(item('scope')?.description).toContain('`profile`');
    });

    it.each(keys)('gives %s a label, a placeholder and a description', (key) => {
      expect(item(key)).toMatchObject({
        label: expect.stringMatching(/\S/),
        placeholder: expect.stringMatching(/\S/),
        description: expect.stringMatching(/\S/),
      });
    });
  });
});
