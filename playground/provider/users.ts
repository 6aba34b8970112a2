/**
 * Sample Hugging Face accounts the consent page offers. Shapes follow the userinfo example in the
 * protocol reference: `sub` is a 24-hex-digit id, `handle` becomes `preferred_username`. Avatars
 * are paths on the provider itself (see avatars.ts), so nothing is loaded from Hugging Face's CDN.
 */

export type OrganizationRole = 'admin' | 'write' | 'contributor' | 'read';

export type SampleOrganization = {
  sub: string;
  name: string;
  handle: string;
  plan: 'free' | 'team' | 'enterprise' | 'plus';
  /** The user's role, shown only for an organization the user granted to the app. */
  roleInOrg: OrganizationRole;
};

export type SampleUser = {
  sub: string;
  /** Display name; may be empty, then the handle is the natural fallback. */
  name: string;
  /** Becomes `preferred_username`; can be renamed, never an id. */
  handle: string;
  website: string | undefined;
  email: string;
  emailVerified: boolean;
  isPro: boolean;
  canPay: boolean;
  orgs: SampleOrganization[];
};

/** Where the provider serves the avatar of a user or an organization, relative to its issuer. */
export const avatarPath = (handle: string) => `/avatars/${handle}.svg`;

const acme: SampleOrganization = {
  sub: '652db071b62cf1f8463221e2',
  name: 'Acme Corp',
  handle: 'acme',
  plan: 'team',
  roleInOrg: 'write',
};

const openResearchLab: SampleOrganization = {
  sub: '64a1c3e9d7f2b5a8c0e4d613',
  name: 'Open Research Lab',
  handle: 'open-research-lab',
  plan: 'free',
  roleInOrg: 'read',
};

/** Fresh copies, so one provider's changes never leak into another. */
export function createSampleUsers(): SampleUser[] {
  return [
    {
      sub: '62f264b9f3c90f4b6514a269',
      name: 'Jane Doe',
      handle: 'janedoe',
      website: 'https://janedoe.dev',
      email: 'jane@example.com',
      emailVerified: true,
      isPro: false,
      canPay: true,
      orgs: [{ ...acme }, { ...openResearchLab }],
    },
    {
      sub: '6481f0c2a9e3d75b1c0f4e8a',
      name: 'Priya Raman',
      handle: 'priya-ml',
      website: 'https://priya.example.org',
      email: 'priya@example.org',
      emailVerified: false,
      isPro: true,
      canPay: true,
      orgs: [],
    },
    {
      sub: '65b7e2d4c1a0f93e8d6b2c57',
      name: '',
      handle: 'quiet-tensor',
      website: undefined,
      email: 'quiet-tensor@example.net',
      emailVerified: true,
      isPro: false,
      canPay: false,
      orgs: [{ ...acme, roleInOrg: 'contributor' }],
    },
  ];
}
