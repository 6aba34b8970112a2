import { defineConfig } from 'vitest/config';

import base from './vitest.config.js';

// Stryker mutates src/ and runs only the unit tests beside it: the install, playground and
// end-to-end tests load the built lib/, which a mutant never reaches. Stryker runs them in worker
// threads, which refuse --expose-gc (ERR_WORKER_INVALID_EXEC_ARGV): src/http.hostile.test.ts turns
// garbage collection on by itself there.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['src/**/*.test.ts'],
    execArgv: [],
    coverage: { enabled: false },
  },
});
