/** Command-line options and the iteration counts of each mode. */

export type Counts = {
  mode: 'full' | 'quick';
  /** Measuring processes per scope variant; each starts with a different contender. */
  processes: number;
  importRuns: number;
  warmupSequential: number;
  warmupConcurrent: number;
  /** Rounds of one sequential sign-in per contender. */
  sequentialRounds: number;
  throughputBatches: number;
  batchSize: number;
  /** Sign-ins per contender between two full GCs, in the first process of each scope only. */
  heapSignIns: number;
  concurrency: number;
};

const full: Counts = Object.freeze({
  mode: 'full',
  processes: 5,
  importRuns: 9,
  warmupSequential: 200,
  warmupConcurrent: 320,
  sequentialRounds: 800,
  throughputBatches: 6,
  batchSize: 256,
  heapSignIns: 10_000,
  concurrency: 32,
});

/** Enough to exercise every code path; the numbers are not meant to be read. */
const quick: Counts = Object.freeze({
  mode: 'quick',
  processes: 2,
  importRuns: 3,
  warmupSequential: 20,
  warmupConcurrent: 64,
  sequentialRounds: 60,
  throughputBatches: 2,
  batchSize: 64,
  heapSignIns: 320,
  concurrency: 32,
});

const usage = `Usage: npm run bench [-- [--quick] [--processes N] [--cpu-prof]]

  --quick         few iterations, for CI: checks that the benchmark still works
  --processes N   measuring processes per scope variant (default 5, quick 2)
  --cpu-prof      each measuring process writes a V8 CPU profile to .tmp/bench-profiles/
                  (open it in Chrome DevTools → Performance); profiling slows everything down
  --help          this text

Progress goes to stderr; the results table goes to stdout.`;

/** A mistake on the command line: reported without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Options = { help: string } | { counts: Counts; cpuProfile: boolean };

export const parseOptions = (argv: readonly string[]): Options => {
  if (argv.includes('--help') || argv.includes('-h')) {
    return { help: usage };
  }

  const counts = { ...(argv.includes('--quick') ? quick : full) };
  let cpuProfile = false;

  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];

    if (argument === '--processes') {
      const value = Number(argv[index + 1]);

      if (!Number.isInteger(value) || value < 1) {
        throw new UsageError(`--processes needs a whole number of at least 1.\n\n${usage}`);
      }

      counts.processes = value;
      index += 1;
    } else if (argument === '--cpu-prof') {
      cpuProfile = true;
    } else if (argument !== '--quick') {
      throw new UsageError(`Unknown option ${argument}.\n\n${usage}`);
    }
  }

  return { counts, cpuProfile };
};
