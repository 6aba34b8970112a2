/** Rebuilds lib/ with `npm run build` when it is missing or older than what it is built from. */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const buildInputs = ['tsup.config.ts', 'tsconfig.json', 'package.json'];

const newestSourceTime = (repository: string) => {
  const sources = readdirSync(path.join(repository, 'src'), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => path.join('src', file));

  return Math.max(
    ...[...sources, ...buildInputs].map((file) => statSync(path.join(repository, file)).mtimeMs)
  );
};

const builtTime = (repository: string) => {
  try {
    return statSync(path.join(repository, 'lib/index.js')).mtimeMs;
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
};

/** Returns whether it built. */
export const ensureFreshBuild = (repository: string, log: (message: string) => void): boolean => {
  if (builtTime(repository) >= newestSourceTime(repository)) {
    log('lib/ is up to date with src/');

    return false;
  }

  log('lib/ is missing or older than src/: npm run build');
  execFileSync('npm', ['run', 'build'], {
    cwd: repository,
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  return true;
};
