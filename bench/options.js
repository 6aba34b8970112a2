/** Command-line options and the iteration counts of each mode. */

const full = Object.freeze({
  mode: 'full',
  rounds: 3,
  importRuns: 9,
  warmupSequential: 300,
  warmupConcurrent: 640,
  sequential: 2_000,
  concurrent: 10_000,
  concurrency: 32,
});

/** Enough to exercise every code path; the numbers are not meant to be read. */
const quick = Object.freeze({
  mode: 'quick',
  rounds: 1,
  importRuns: 3,
  warmupSequential: 20,
  warmupConcurrent: 64,
  sequential: 60,
  concurrent: 320,
  concurrency: 32,
});

const usage = `Usage: npm run bench [-- [--quick] [--cpu-prof]]

  --quick      few iterations, for CI: checks that the benchmark still works
  --cpu-prof   each sign-in worker writes a V8 CPU profile to .tmp/bench-profiles/
               (open it in Chrome DevTools → Performance); profiling slows everything down
  --help       this text

Progress goes to stderr; the results table goes to stdout.`;

/** A mistake on the command line: reported without a stack trace. */
export class UsageError extends Error {
  name = 'UsageError';
}

/** @param {string[]} argv */
export const parseOptions = (argv) => {
  const unknown = argv.filter((argument) => !['--quick', '--cpu-prof', '--help', '-h'].includes(argument));

  if (unknown.length > 0) {
    throw new UsageError(`Unknown option ${unknown.join(', ')}.\n\n${usage}`);
  }

  if (argv.includes('--help') || argv.includes('-h')) {
    return { help: usage };
  }

  return { counts: argv.includes('--quick') ? quick : full, cpuProfile: argv.includes('--cpu-prof') };
};
