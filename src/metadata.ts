import {
  ConnectorConfigFormItemType,
  ConnectorPlatform,
  type ConnectorMetadata,
} from '@logto/connector-kit';

/** Never change: Logto stores connectors under this factory id. */
export const connectorFactoryId = 'huggingface-oidc-universal';

export const metadata: ConnectorMetadata = {
  id: connectorFactoryId,
  // Same target as the official connector, so identities already linked keep working.
  target: 'huggingface',
  platform: ConnectorPlatform.Universal,
  // Plain "Hugging Face": Logto's sign-in button reads "Continue with <name>" and operators cannot
  // rename it for a packaged connector. The description, which starts "OpenID Connect", tells this
  // entry apart from the official package's in "Add Social Connector" (its description starts
  // "Hugging Face is a machine learning…").
  name: {
    en: 'Hugging Face',
    es: 'Hugging Face',
    'zh-CN': 'Hugging Face',
    ko: 'Hugging Face',
    'tr-TR': 'Hugging Face',
    fr: 'Hugging Face',
    de: 'Hugging Face',
    ja: 'Hugging Face',
    'pt-BR': 'Hugging Face',
  },
  logo: './logo.svg',
  logoDark: './logo.svg',
  description: {
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
  },
  readme: './docs/guide.md',
  isTokenStorageSupported: true,
  formItems: [
    {
      key: 'clientId',
      label: 'Client ID',
      type: ConnectorConfigFormItemType.Text,
      required: true,
      placeholder: 'e.g. 4f0c6a2e-…',
      description:
        'The Client ID of your Hugging Face OAuth app (huggingface.co → Settings → Connected applications → your app).',
    },
    {
      key: 'clientSecret',
      label: 'Client secret',
      type: ConnectorConfigFormItemType.Text,
      required: true,
      isConfidential: true,
      placeholder: 'App secret',
      description:
        'An App secret generated on the same Hugging Face OAuth app page. The Admin Console hides it, and the connector never puts it in errors or logs.',
    },
    {
      key: 'scope',
      label: 'Scope',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: 'e.g. openid profile email read-memberships',
      description:
        'Scopes separated by spaces. Empty means profile (id, name, username, avatar). Add email to receive the verified email address, openid to receive an ID token (verified by the connector) and read-memberships to receive the user’s organizations. When an app asks for more through Logto’s Account API (a step-up, for example inference-api), the connector requests these scopes plus the new ones, so the ID token check, the email and the organization rules still apply. Your Hugging Face OAuth app must allow every scope requested, or Hugging Face refuses the sign-in.',
    },
    {
      key: 'orgIds',
      label: 'Request organization access',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: '652db071b62cf1f8463221e2',
      description:
        'Optional. The id of one Hugging Face organization (its 24-character sub, not its name). Hugging Face then asks the user to grant this app access to that organization.',
    },
    {
      key: 'allowedOrganizations',
      label: 'Allowed organizations',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: 'e.g. acme, my-research-lab:write',
      description:
        'Optional. Only members of at least one of these Hugging Face organizations may sign in (handles or ids, separated by commas or spaces; case is ignored). Needs the read-memberships scope, allowed on your Hugging Face OAuth app. To require a minimum role, write handle:role or id:role, where role is read, contributor, write or admin, in that order: acme:write admits the write and admin members of acme. Hugging Face shares a member’s role only for organizations granted to the app (through orgIds or read-memberships), so a member whose role is not shared is refused by an entry with a role.',
    },
    {
      key: 'alwaysFetchUserInfo',
      label: 'Always read the full profile',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      description:
        'Off (recommended): with openid in the scope, a sign-in takes the profile from the verified ID token and skips the userinfo request, one round trip to Hugging Face less. On: every sign-in also reads userinfo, whose isPro, canPay and orgs then appear in the user’s rawData, for custom JWT scripts that read them. The organization rules, orgIds and read-memberships always read userinfo.',
    },
  ],
};
