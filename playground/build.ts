/** Builds the connector (lib/) when it is missing or older than its sources. */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const builtEntry = new URL('../lib/index.js', import.meta.url);
const sourceFolder = new URL('../src/', import.meta.url);

/** The newest modification time of any file below `folder`. */
async function newestModification(folder: URL): Promise<number> {
  const files = await readdir(folder, { recursive: true, withFileTypes: true });
  const times = await Promise.all(
    files
      .filter((entry) => entry.isFile())
      .map(async (entry) => (await stat(path.join(entry.parentPath, entry.name))).mtimeMs)
  );
  return Math.max(0, ...times);
}

export async function isBuildStale(): Promise<boolean> {
  const built = await stat(builtEntry).catch(() => undefined);
  if (!built) return true;
  return (await newestModification(sourceFolder)) > built.mtimeMs;
}

/** Runs `npm run build` when needed; resolves to whether it built. */
export async function ensureConnectorBuilt(): Promise<boolean> {
  if (!(await isBuildStale())) return false;
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { cwd: packageRoot, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`npm run build failed (exit code ${code})`));
    });
  });
  return true;
}
