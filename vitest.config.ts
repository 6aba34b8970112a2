import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'test/**/*.test.ts',
      'playground/**/*.test.{js,ts}',
      'stand-in/**/*.test.ts',
    ],
    // Browser tests need Chromium; they run with `npm run test:browser`.
    exclude: ['**/node_modules/**', '**/*.e2e.test.*'],
    testTimeout: 20_000,
    // src/http.hostile.test.ts forces garbage collection while a body drips (Node issue #57736).
    execArgv: ['--expose-gc'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/testing/**'],
      thresholds: { lines: 95, branches: 95, functions: 95, statements: 95 },
    },
  },
});
