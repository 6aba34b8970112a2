import { defineConfig } from 'vitest/config';

import base from './vitest.config.js';

// Stryker mutates src/ and runs only the unit tests beside it: the install, playground and
// end-to-end tests load the built lib/, which a mutant never reaches.
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['src/**/*.test.ts'], coverage: { enabled: false } },
});
