/**
 * Marginal import time: in a fresh plain `node` per run, import what Logto core has already
 * loaded, then time the import of the connector's lib/index.js alone. The probe runs with its
 * working directory in Logto core, so bare imports resolve from core's node_modules like the
 * connector's.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { median } from './statistics.js';

/** Loaded by Logto core before any connector. */
export const loadedByLogto = Object.freeze(['@logto/connector-kit', 'zod']);

/** Also loaded in official images, where connector-oauth is itself a linked connector. */
export const loadedInOfficialImage = Object.freeze([
  ...loadedByLogto,
  'ky',
  '@silverhand/essentials',
  '@logto/connector-oauth',
]);

type Probe = { preloadMs: number; marginalMs: number };

const probeSource = (preload: readonly string[], entry: string) => `
const started = performance.now();
for (const specifier of ${JSON.stringify(preload)}) await import(specifier);
const preloaded = performance.now();
await import(${JSON.stringify(pathToFileURL(entry).href)});
const imported = performance.now();
process.stdout.write(JSON.stringify({ preloadMs: preloaded - started, marginalMs: imported - preloaded }));
`;

const probeOnce = (core: string, preload: readonly string[], entry: string) =>
  JSON.parse(
    // Not process.execArgv: the probe must not run under tsx's loader.
    execFileSync(process.execPath, ['--input-type=module', '--eval', probeSource(preload, entry)], {
      cwd: core,
      encoding: 'utf8',
    })
  ) as Probe;

/** Median marginal import time per label; `connectors` maps a label to the installed folder. */
export const measureImportTimes = ({
  core,
  connectors,
  preload,
  runs,
}: {
  core: string;
  connectors: Record<string, string>;
  preload: readonly string[];
  runs: number;
}): Record<string, number> => {
  const entries = Object.entries(connectors).map(
    ([label, folder]) => [label, path.join(folder, 'lib/index.js')] as const
  );
  const samples = new Map<string, number[]>(entries.map(([label]) => [label, []]));

  // One unmeasured run each warms the file system cache; then the connectors take turns.
  for (const [, entry] of entries) probeOnce(core, preload, entry);

  for (let run = 0; run < runs; run += 1) {
    for (const [label, entry] of entries) {
      samples.get(label)!.push(probeOnce(core, preload, entry).marginalMs);
    }
  }

  return Object.fromEntries([...samples].map(([label, list]) => [label, median(list)]));
};
