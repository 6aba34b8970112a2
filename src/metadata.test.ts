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
import { expectPlainText } from './testing/fixtures.js';

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

  it('is named "Hugging Face" in every language, the text of the sign-in button', () => {
    const name = 'Hugging Face';

    expect(metadata.name).toEqual({
      en: name,
      es: name,
      'zh-CN': name,
      ko: name,
      'tr-TR': name,
      fr: name,
      de: name,
      ja: name,
      'pt-BR': name,
    });
  });

  it('is told apart from the official connector in "Add social connector", in every language', async () => {
    // A specifier in a variable: the official package ships no type declarations.
    const officialPackage = '@logto/connector-huggingface';
    const { default: createOfficialConnector } = (await import(officialPackage)) as {
      default: CreateConnector<SocialConnector>;
    };
    const official = await createOfficialConnector({ getConfig: () => Promise.resolve({}) });
    const officialDescriptions = Object.values(official.metadata.description);

    expect(official.metadata.name.en).toBe('Hugging Face');
    expect(official.metadata.description.en).toMatch(/^Hugging Face is a machine learning/);

    for (const description of Object.values(metadata.description)) {
      expect(description).toMatch(/^OpenID Connect · /);
      expect(officialDescriptions).not.toContain(description);
    }
  });

  it('describes itself in every language it speaks', () => {
    expect(metadata.description).toEqual({
      en: 'OpenID Connect · Sign in with Hugging Face, the machine learning community and platform. Uses PKCE, accepts only verified emails and explains every error.',
      es: 'OpenID Connect · Inicia sesión con Hugging Face, la plataforma y comunidad de aprendizaje automático. Usa PKCE, solo acepta correos verificados y explica cada error.',
      'zh-CN':
        'OpenID Connect · 使用 Hugging Face（机器学习社区与平台）登录。采用 PKCE，仅接受已验证的邮箱，并清楚说明每个错误。',
      ko: 'OpenID Connect · 머신러닝 커뮤니티이자 플랫폼인 Hugging Face로 로그인합니다. PKCE를 사용하고, 인증된 이메일만 받으며, 모든 오류를 설명합니다.',
      'tr-TR':
        'OpenID Connect · Makine öğrenimi topluluğu ve platformu Hugging Face ile oturum açın. PKCE kullanır, yalnızca doğrulanmış e-postaları kabul eder ve her hatayı açıklar.',
      fr: "OpenID Connect · Connexion avec Hugging Face, la plateforme et communauté d'apprentissage automatique. Utilise PKCE, n'accepte que les e-mails vérifiés et explique chaque erreur.",
      de: 'OpenID Connect · Anmeldung mit Hugging Face, der Plattform und Community für maschinelles Lernen. Nutzt PKCE, übernimmt nur bestätigte E-Mail-Adressen und erklärt jeden Fehler.',
      ja: 'OpenID Connect · 機械学習のコミュニティ兼プラットフォームである Hugging Face でサインインします。PKCE を使用し、確認済みのメールアドレスのみを受け入れ、すべてのエラーを説明します。',
      'pt-BR':
        'OpenID Connect · Entre com o Hugging Face, a plataforma e comunidade de aprendizado de máquina. Usa PKCE, aceita apenas e-mails verificados e explica cada erro.',
    });
  });

  it('writes every name and description without Markdown', () => {
    for (const text of [...Object.values(metadata.name), ...Object.values(metadata.description)]) {
      expectPlainText(text);
    }
  });

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

    it('shows these labels, placeholders and descriptions in the form', () => {
      expect(
        metadata.formItems?.map(({ key, label, placeholder, description }) => ({
          key,
          label,
          placeholder,
          description,
        }))
      ).toEqual([
        {
          key: 'clientId',
          label: 'Client ID',
          placeholder: 'e.g. 4f0c6a2e-…',
          description:
            'The Client ID of your Hugging Face OAuth app (huggingface.co → Settings → Connected applications → your app).',
        },
        {
          key: 'clientSecret',
          label: 'Client secret',
          placeholder: 'App secret',
          description:
            'An App secret generated on the same Hugging Face OAuth app page. The Admin Console hides it, and the connector never puts it in errors or logs.',
        },
        {
          key: 'scope',
          label: 'Scope',
          placeholder: 'e.g. openid profile email read-memberships',
          description:
            'Scopes separated by spaces. Empty means profile (id, name, username, avatar). Add email to receive the verified email address, openid to receive an ID token (verified by the connector) and read-memberships to receive the user’s organizations. When an app asks for more through Logto’s Account API (a step-up, for example inference-api), the connector requests these scopes plus the new ones, so the ID token check, the email and the organization rules still apply. Your Hugging Face OAuth app must allow every scope requested, or Hugging Face refuses the sign-in.',
        },
        {
          key: 'orgIds',
          label: 'Request organization access',
          placeholder: '652db071b62cf1f8463221e2',
          description:
            'Optional. The id of one Hugging Face organization (its 24-character sub, not its name). Hugging Face then asks the user to grant this app access to that organization.',
        },
        {
          key: 'allowedOrganizations',
          label: 'Allowed organizations',
          placeholder: 'e.g. acme, my-research-lab:write',
          description:
            'Optional. Only members of at least one of these Hugging Face organizations may sign in (handles or ids, separated by commas or spaces; case is ignored). Needs the read-memberships scope, allowed on your Hugging Face OAuth app. To require a minimum role, write handle:role or id:role, where role is read, contributor, write or admin, in that order: acme:write admits the write and admin members of acme. Hugging Face shares a member’s role only for organizations granted to the app (through orgIds or read-memberships), so a member whose role is not shared is refused by an entry with a role.',
        },
      ]);
    });

    it('offers text fields only, and marks which are optional', () => {
      expect(metadata.formItems?.map(({ type, required }) => [type, required])).toEqual([
        [ConnectorConfigFormItemType.Text, true],
        [ConnectorConfigFormItemType.Text, true],
        [ConnectorConfigFormItemType.Text, false],
        [ConnectorConfigFormItemType.Text, false],
        [ConnectorConfigFormItemType.Text, false],
      ]);
    });

    it('keeps token storage available to the operator', () => {
      expect(metadata.isTokenStorageSupported).toBe(true);
      expect(metadata.logoDark).toBe('./logo.svg');
    });

    it.each(keys)('writes the label, placeholder and description of %s without Markdown', (key) => {
      const { label, placeholder, description } = item(key) ?? {};

      for (const text of [label, placeholder, description]) {
        expectPlainText(text ?? '');
      }
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
