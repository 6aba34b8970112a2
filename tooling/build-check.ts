/**
 * The one build check of the repository: everything that loads the connector the way Logto does
 * (playground, benchmark, end-to-end tests) reads lib/, so lib/ is rebuilt first when it is
 * missing or older than what it is built from.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repository = fileURLToPath(new URL('..', import.meta.url));

const modifiedAt = (file: string) =>
  statSync(path.join(repository, file), { throwIfNoEntry: false })?.mtimeMs ?? -Infinity;

const isStale = () => {
  const sources = readdirSync(path.join(repository, 'src'), { recursive: true })
    .map((file) => path.join('src', String(file)))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  const inputs = [...sources, 'tsup.config.ts', 'tsconfig.json', 'package.json'];
  return modifiedAt('lib/index.js') < Math.max(...inputs.map(modifiedAt));
};

/** Runs `npm run build` when lib/ is stale; returns whether it built. */
export const ensureFreshBuild = (log: (message: string) => void = () => undefined): boolean => {
  if (!isStale()) return false;
  log('lib/ is missing or older than src/: npm run build');
  execFileSync('npm', ['run', '-s', 'build'], {
    cwd: repository,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return true;
};
