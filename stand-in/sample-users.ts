/**
 * The Hugging Face accounts the stand-in knows, shaped like hub-docs' userinfo example: `sub` is 24
 * hex digits, `handle` becomes `preferred_username`, `name` may be empty.
 */
import { createHash } from 'node:crypto';

import { avatarPath } from './huggingface.js';

export type SampleOrganization = {
  sub: string;
  name: string;
  handle: string;
  plan: 'free' | 'team' | 'enterprise' | 'plus';
  roleInOrg: 'admin' | 'write' | 'contributor' | 'read';
};

export type SampleUser = {
  sub: string;
  name: string;
  handle: string;
  website?: string;
  email: string;
  emailVerified: boolean;
  isPro: boolean;
  canPay: boolean;
  orgs: SampleOrganization[];
};

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

/** Fresh copies, so that one stand-in's changes never leak into another. */
export const createSampleUsers = (): SampleUser[] => [
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
    email: 'quiet-tensor@example.net',
    emailVerified: true,
    isPro: false,
    canPay: false,
    orgs: [{ ...acme, roleInOrg: 'contributor' }],
  },
];

/** Every OpenID claim Hugging Face has about the user; the granted scopes pick from it. */
export const userClaims = (user: SampleUser, issuer: string) => ({
  sub: user.sub,
  name: user.name,
  preferred_username: user.handle,
  profile: `${issuer}/${user.handle}`,
  picture: `${issuer}${avatarPath(user.handle)}`,
  website: user.website,
  email: user.email,
  email_verified: user.emailVerified,
});

/** A coloured disc with the handle's first letter, so that no avatar loads from off the machine. */
export function renderAvatar(handle: string): string {
  const hue = createHash('sha256').update(handle).digest().readUInt16BE(0) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
<circle cx="64" cy="64" r="64" fill="hsl(${hue} 70% 55%)"/>
<text x="64" y="84" font-family="system-ui, sans-serif" font-size="60" font-weight="700" fill="#fff" text-anchor="middle">${handle.charAt(0).toUpperCase()}</text>
</svg>`;
}
