/** Builds the connector (lib/) when it is missing or older than its sources. */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const builtEntry = new URL('../lib/index.js', import.meta.url);
const sourceFolder = new URL('../src/', import.meta.url);

/** @param {URL} folder @returns {Promise<number>} the newest modification time below `folder` */
async function newestModification(folder) {
  const files = await readdir(folder, { recursive: true, withFileTypes: true });
  const times = await Promise.all(
    files
      .filter((entry) => entry.isFile())
      .map(async (entry) => (await stat(`${entry.parentPath ?? entry.path}/${entry.name}`)).mtimeMs)
  );
  return Math.max(0, ...times);
}

/** @returns {Promise<boolean>} */
export async function isBuildStale() {
  const built = await stat(builtEntry).catch(() => undefined);
  if (!built) return true;
  return (await newestModification(sourceFolder)) > built.mtimeMs;
}

/** Runs `npm run build` when needed. @returns {Promise<boolean>} whether it built */
export async function ensureConnectorBuilt() {
  if (!(await isBuildStale())) return false;
  await new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { cwd: packageRoot, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(undefined) : reject(new Error(`npm run build failed (exit code ${code})`))
    );
  });
  return true;
}
