/**
 * Checks the release workflow without GitHub: its trigger, permissions and steps in order, then runs
 * its "Pack and checksum" step twice the way the runner would. Both packs must give the same bytes
 * (an operator compares the published SHA-256 with a tarball built from the same tag), and
 * `sha256sum -c` must accept the checksum file the step writes.
 *
 *   npx tsx tooling/check-release.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { parse } from 'yaml';
import { z } from 'zod';

import { repository } from './build-check.js';

const workflowFile = '.github/workflows/release.yml';
const packStepName = 'Pack and checksum';

const permissionsSchema = z.record(z.string()).default({});
const stepSchema = z.object({
  name: z.string().optional(),
  uses: z.string().default(''),
  run: z.string().default(''),
  with: z.record(z.union([z.string(), z.number()])).default({}),
  env: z.record(z.string()).default({}),
});
type Step = z.infer<typeof stepSchema>;
const workflowSchema = z.object({
  on: z.object({ push: z.object({ tags: z.array(z.string()) }) }),
  permissions: permissionsSchema,
  jobs: z.record(z.object({ permissions: permissionsSchema, steps: z.array(stepSchema) })),
});

const runIs = (command: string) => (step: Step) => step.run.trim() === command;

// What the job must do, in this order; other steps may sit between them.
const expectedSteps: Array<[string, (step: Step) => boolean]> = [
  ['checks out the tag (actions/checkout)', (step) => /^actions\/checkout@/.test(step.uses)],
  [
    'sets up Node 22 with the npm registry (actions/setup-node)',
    (step) =>
      /^actions\/setup-node@/.test(step.uses) &&
      String(step.with['node-version']) === '22' &&
      step.with['registry-url'] === 'https://registry.npmjs.org',
  ],
  ['installs with `npm ci`', runIs('npm ci')],
  ['runs `npm test`, the README’s test command', runIs('npm test')],
  [
    `packs and writes the SHA-256 ("${packStepName}")`,
    (step) =>
      step.name === packStepName && /\bnpm pack\b/.test(step.run) && /\bsha256sum\b/.test(step.run),
  ],
  [
    'attaches the tarball and its checksum to the GitHub release (gh, GH_TOKEN)',
    (step) =>
      /\bgh release create\b/.test(step.run) &&
      /\.tgz\.sha256\b/.test(step.run) &&
      step.env.GH_TOKEN !== undefined,
  ],
  [
    'publishes to npm with provenance (NODE_AUTH_TOKEN)',
    (step) =>
      /\bnpm publish\b[^\n]*--provenance\b/.test(step.run) &&
      step.env.NODE_AUTH_TOKEN !== undefined,
  ],
];

const problemsOf = (workflow: z.infer<typeof workflowSchema>): string[] => {
  const problems: string[] = [];
  if (!workflow.on.push.tags.includes('v*')) problems.push("on.push.tags lacks 'v*'");

  const jobs = Object.values(workflow.jobs);
  const [job] = jobs;
  if (jobs.length !== 1 || !job) return [...problems, 'expected exactly one job'];

  const permissions = { ...workflow.permissions, ...job.permissions };
  for (const scope of ['contents', 'id-token']) {
    if (permissions[scope] !== 'write') problems.push(`permissions lack ${scope}: write`);
  }

  let next = 0;
  for (const [description, matches] of expectedSteps) {
    const found = job.steps.findIndex((step, index) => index >= next && matches(step));
    if (found === -1) problems.push(`no step, after the previous ones, that ${description}`);
    else next = found + 1;
  }
  return problems;
};

/**
 * Runs the pack step as the runner would (bash -eo pipefail, RUNNER_TEMP), in a fresh folder, and
 * the operator's check from docs/install.md; prints what the step prints and returns the checksum
 * line it wrote.
 */
const runPackStep = (script: string) => {
  const runnerTemp = mkdtempSync(path.join(os.tmpdir(), 'release-pack-'));
  const output = execFileSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: repository,
    env: { ...process.env, RUNNER_TEMP: runnerTemp },
    encoding: 'utf8',
    stdio: 'pipe',
  });
  const folder = path.join(runnerTemp, 'release');
  const files = readdirSync(folder).sort();
  const tarball = files.find((file) => file.endsWith('.tgz'));
  if (!tarball || files.join(' ') !== `${tarball} ${tarball}.sha256`) {
    throw new Error(`the pack step wrote ${files.join(', ')}, not a tarball and its .sha256`);
  }
  execFileSync('sha256sum', ['-c', `${tarball}.sha256`], { cwd: folder, stdio: 'ignore' });
  console.log(`pack: ${output.trim()}`);
  return { runnerTemp, checksum: readFileSync(path.join(folder, `${tarball}.sha256`), 'utf8') };
};

const text = readFileSync(path.join(repository, workflowFile), 'utf8');
const workflow = workflowSchema.parse(parse(text));
const problems = problemsOf(workflow);
if (problems.length > 0) {
  console.error(`${workflowFile}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log(`${workflowFile}: trigger, permissions and steps as expected.`);

const packScript = Object.values(workflow.jobs)
  .flatMap(({ steps }) => steps)
  .find((step) => step.name === packStepName)?.run;
const [first, second] = [runPackStep(packScript ?? ''), runPackStep(packScript ?? '')];
if (first.checksum !== second.checksum) {
  console.error(
    `Two packs of the same commit differ, so the published checksum could not be reproduced. ` +
      `Compare ${first.runnerTemp} and ${second.runnerTemp}.`
  );
  process.exit(1);
}
for (const { runnerTemp } of [first, second]) rmSync(runnerTemp, { recursive: true, force: true });
console.log(`Same bytes twice: ${first.checksum.trim()}`);
