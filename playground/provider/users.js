/**
 * Sample Hugging Face accounts the consent page offers. Shapes follow the userinfo example
 * in the protocol reference: `sub` is a 24-hex-digit id, `handle` becomes `preferred_username`.
 *
 * @typedef {object} SampleOrganization
 * @property {string} sub 24 lowercase hex digits
 * @property {string} name display name
 * @property {string} handle becomes `preferred_username`
 * @property {string} picture avatar URL
 * @property {'free' | 'team' | 'enterprise' | 'plus'} plan
 * @property {'admin' | 'write' | 'contributor' | 'read'} roleInOrg the user's role, shown only
 *   for the organization granted with `orgIds`
 *
 * @typedef {object} SampleUser
 * @property {string} sub 24 lowercase hex digits, the stable id
 * @property {string} name display name, may be empty
 * @property {string} handle becomes `preferred_username`; can be renamed, never an id
 * @property {string} picture avatar URL
 * @property {string | undefined} website
 * @property {string} email
 * @property {boolean} emailVerified
 * @property {boolean} isPro
 * @property {boolean} canPay
 * @property {SampleOrganization[]} orgs
 */

const avatar = (id) => `https://cdn-avatars.huggingface.co/v1/production/uploads/${id}/avatar.png`;

/** @type {SampleOrganization} */
const acme = {
  sub: '652db071b62cf1f8463221e2',
  name: 'Acme Corp',
  handle: 'acme',
  picture: avatar('652db071b62cf1f8463221e2'),
  plan: 'team',
  roleInOrg: 'write',
};

/** @type {SampleOrganization} */
const openResearchLab = {
  sub: '64a1c3e9d7f2b5a8c0e4d613',
  name: 'Open Research Lab',
  handle: 'open-research-lab',
  picture: avatar('64a1c3e9d7f2b5a8c0e4d613'),
  plan: 'free',
  roleInOrg: 'read',
};

/** @returns {SampleUser[]} fresh copies, so one provider's changes never leak into another */
export function createSampleUsers() {
  return [
    {
      sub: '62f264b9f3c90f4b6514a269',
      name: 'Jane Doe',
      handle: 'janedoe',
      picture: avatar('62f264b9f3c90f4b6514a269'),
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
      picture: avatar('6481f0c2a9e3d75b1c0f4e8a'),
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
      picture: avatar('65b7e2d4c1a0f93e8d6b2c57'),
      website: undefined,
      email: 'quiet-tensor@example.net',
      emailVerified: true,
      isPro: false,
      canPay: false,
      orgs: [{ ...acme, roleInOrg: 'contributor' }],
    },
  ];
}
