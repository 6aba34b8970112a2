/**
 * Packs our package and the official one and installs both into one Logto instance laid out like
 * an official image (core provides connector-kit, zod, ky, essentials and connector-oauth), then
 * checks that Logto's loader accepts both.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import {
  corePackageSets,
  createLogtoInstance,
  loadConnectorsLikeLogto,
  packForLogto,
  repository,
  type PackResult,
} from '../tooling/logto-instance.js';

export const connectorNames = Object.freeze({
  ours: 'connector-huggingface',
  official: '@logto/connector-huggingface',
});

export type Installed = { path: string; packedBytes: number; unpackedBytes: number };

/** Logto's installer reports each step with console.log; keep stdout for the results table. */
const withStdoutSilenced = async <T>(run: () => Promise<T>): Promise<T> => {
  const { log } = console;
  console.log = () => {};

  try {
    return await run();
  } finally {
    console.log = log;
  }
};

const sizesOf = ({ size, unpackedSize }: PackResult) => ({
  packedBytes: size,
  unpackedBytes: unpackedSize,
});

/** `workspace`: an empty temporary folder. */
export const installBothConnectors = async (
  workspace: string
): Promise<{ core: string; ours: Installed; official: Installed }> => {
  const tarballs = path.join(workspace, 'tarballs');
  mkdirSync(tarballs);
  const ours = packForLogto(repository, tarballs);
  const official = packForLogto(
    path.join(repository, 'node_modules', connectorNames.official),
    tarballs
  );

  const instance = await withStdoutSilenced(async () =>
    createLogtoInstance({
      workspace,
      name: 'official-image',
      corePackages: corePackageSets.officialImage,
      tarballs: [ours.tarball, official.tarball],
    })
  );
  const loaded = await loadConnectorsLikeLogto(instance.packages);
  const installed = (name: string) => {
    const result = loaded.find((entry) => entry.name === name);

    if (!result?.ok) {
      throw new Error(
        `Logto's loader did not load ${name}: ${result && !result.ok ? result.error : 'not installed'}`
      );
    }

    return result.path;
  };

  return {
    core: instance.core,
    ours: { path: installed(connectorNames.ours), ...sizesOf(ours) },
    official: { path: installed(connectorNames.official), ...sizesOf(official) },
  };
};
