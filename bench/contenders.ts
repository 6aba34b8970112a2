/**
 * Who is measured: the official connector, ours with two scopes, and the floor. The two connector
 * packages are packed and installed into a Logto instance the way `logto connector add` does it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import {
  corePackageSets,
  createLogtoInstance,
  packForLogto,
  repository,
} from '../tooling/logto-instance.js';

const [official, ours] = ['@logto/connector-huggingface', 'connector-huggingface'];

/** packageName: the installed package; none for the floor, which is no connector. */
export const contenders = [
  { name: 'official', label: 'official 0.4.8', scope: 'profile email', packageName: official },
  { name: 'ours-profile', label: 'ours', scope: 'profile email', packageName: ours },
  { name: 'ours-openid', label: 'ours', scope: 'openid profile email', packageName: ours },
  { name: 'floor', label: 'floor', scope: 'openid profile email', packageName: undefined },
] as const;

export type Contender = (typeof contenders)[number];

export const describe = ({ label, scope }: Contender) => `${label}, ${scope}`;

/** Installs both packages into `<workspace>/logto`; returns each one's folder by package name. */
export const installConnectors = async (workspace: string) => {
  const tarballs = path.join(workspace, 'tarballs');
  mkdirSync(tarballs);
  const folders = [repository, path.join(repository, 'node_modules', official)];
  const { log } = console;
  console.log = () => undefined; // Logto's installer logs each step on stdout, kept for the tables
  const instance = await createLogtoInstance({
    workspace,
    name: 'logto',
    corePackages: corePackageSets.officialImage,
    tarballs: folders.map((folder) => packForLogto(folder, tarballs).tarball),
  }).finally(() => (console.log = log));
  // Each measured process loads its connector with Logto's loader, which may refuse it there.
  return Object.fromEntries(instance.packages.map(({ name = '', path }) => [name, path]));
};
