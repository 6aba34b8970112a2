/** Hugging Face OAuth scopes and how the consent page explains them. */

/** Plain-words descriptions, worded like huggingface.co's consent screen. */
const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  openid: 'Confirm who you are (OpenID Connect sign-in)',
  profile: 'Read your profile: name, username, avatar, profile page and website',
  email: 'Read your email address',
  'read-billing': 'Know whether you have a payment method',
  'read-memberships': 'See the organizations you belong to and your role in them',
  'read-repos': 'Read your personal repositories (models, datasets, Spaces)',
  'gated-repos': 'Request access to gated repositories on your behalf',
  'contribute-repos': 'Create repositories and open discussions and pull requests',
  'write-repos': 'Write to your personal repositories',
  'manage-repos': 'Create, delete and change the settings of your repositories',
  'read-collections': 'Read your collections',
  'write-collections': 'Create and change your collections',
  'inference-api': 'Call Inference Providers on your behalf (usage may be billed to you)',
  'read-endpoints': 'Read your Inference Endpoints',
  'write-endpoints': 'Manage your Inference Endpoints',
  'read-mcp': 'Use your MCP tools on your behalf',
  jobs: 'Run and manage Jobs on your behalf',
  webhooks: 'Manage your webhooks',
  'write-discussions': 'Open discussions and comment on your behalf',
};

/** Every scope Hugging Face documents (`offline_access` is not one of them). */
export const KNOWN_SCOPES: readonly string[] = Object.keys(SCOPE_DESCRIPTIONS);

/** What granting `scope` lets the app do. */
export const describeScope = (scope: string) =>
  SCOPE_DESCRIPTIONS[scope] ?? `Use the "${scope}" permission`;
