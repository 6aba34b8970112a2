import { defineConfig } from 'vitest/config';

// Browser tests drive Chromium (CHROMIUM_PATH, default /usr/bin/chromium): `npm run test:browser`.
export default defineConfig({
  test: {
    include: ['playground/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
