/**
 * The install paths docs/install.md gives, run with Logto's real CLI (`@logto/cli`'s
 * `bin/logto.js connector add`), not a copy of its logic: a tarball made with `npm pack` in a
 * clone, and the clone's folder itself. What it installed is then loaded with Logto's loader.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  corePackageSets,
  createLogtoInstance,
  loadConnectorsLikeLogto,
  repository,
  runLogtoConnectorAdd,
} from '../tooling/logto-instance.js';

const workspace = mkdtempSync(path.join(tmpdir(), 'logto-cli-'));
/** A clone as a newcomer has it: named after the repository, dependencies installed. */
const clone = path.join(workspace, 'connector-huggingface');
const packageJson = (await import('../package.json', { with: { type: 'json' } })).default;
const { version } = packageJson;
const tarballName = `connector-huggingface-${version}.tgz`;

/** What a clone holds that `npm pack` needs: the build's inputs and the files the package ships. */
const cloneFiles = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsup.config.ts',
  'src',
  ...packageJson.files.filter((file) => file !== 'lib'),
];

const instance = async (name: string) =>
  createLogtoInstance({ workspace, name, corePackages: corePackageSets.minimal, tarballs: [] });

const loadInstalled = async (connectors: string) =>
  loadConnectorsLikeLogto([
    { name: 'connector-huggingface', path: path.join(connectors, 'connector-huggingface') },
  ]);

beforeAll(() => {
  for (const file of cloneFiles) {
    cpSync(path.join(repository, file), path.join(clone, file), {
      recursive: true,
      filter: (source) => !source.endsWith('.test.ts'),
    });
  }
  symlinkSync(path.join(repository, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
});

afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
});

describe('npm pack --json in a clone', () => {
  let stdout: string;

  beforeAll(() => {
    stdout = execFileSync('npm', ['pack', '--json'], {
      cwd: clone,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }, 120_000);

  it('prints only the JSON that logto connector add parses (the build log goes to stderr)', () => {
    const [packed] = JSON.parse(stdout) as Array<{
      name: string;
      filename: string;
      files: Array<{ path: string }>;
    }>;

    expect(packed).toMatchObject({ name: 'connector-huggingface', filename: tarballName });
    expect(packed?.files.map(({ path: file }) => file)).toContain('lib/index.js');
    expect(readdirSync(clone)).toContain(tarballName);
  });
});

describe('logto connector add, Logto’s own CLI', () => {
  it('installs the tarball given by its absolute path, leaves no .tgz behind, and Logto loads it', async () => {
    const { root, connectors } = await instance('from-tarball');

    const run = runLogtoConnectorAdd(root, path.join(clone, tarballName), workspace);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Added connector-huggingface v${version}`);
    expect(run.stdout).not.toContain('Failed to add');
    expect(readdirSync(connectors)).toEqual(['connector-huggingface']);
    expect(await loadInstalled(connectors)).toMatchObject([
      { ok: true, metadata: { target: 'huggingface' } },
    ]);
  });

  it('installs from the clone’s folder (it runs the build through prepack), leaves no .tgz behind, and Logto loads it', async () => {
    const { root, connectors } = await instance('from-clone');
    const before = readdirSync(clone).sort();

    const run = runLogtoConnectorAdd(root, clone, workspace);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Added connector-huggingface v${version}`);
    expect(run.stdout).not.toContain('Failed to add');
    expect(readdirSync(connectors)).toEqual(['connector-huggingface']);
    expect(readdirSync(clone).sort()).toEqual(before);
    expect(await loadInstalled(connectors)).toMatchObject([
      { ok: true, metadata: { target: 'huggingface' } },
    ]);
  }, 120_000);

  it('resolves a relative tarball path from packages/core/connectors, fails, and still exits with 0', async () => {
    const { root, connectors } = await instance('relative-path');

    const run = runLogtoConnectorAdd(root, `./${tarballName}`, clone);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Finished with 1 error.');
    expect(run.stderr).toContain(`warn Failed to add ./${tarballName}`);
    expect(run.stderr).toContain(path.join(connectors, tarballName));
    expect(readdirSync(connectors)).toEqual([]);
  });

  it('refuses a folder that does not hold a Logto instance, with Logto’s message and exit code 1', () => {
    const run = runLogtoConnectorAdd(clone, path.join(clone, tarballName), workspace);

    expect(run.status).toBe(1);
    expect(run.stderr + run.stdout).toContain(
      `The path ${clone} does not contain a Logto instance.`
    );
  });
});
