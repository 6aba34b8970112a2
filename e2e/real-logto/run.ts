/**
 * `npm run test:logto`: the connector inside a real Logto built from source (see scenario.ts).
 * Without LOGTO_SRC (CI has no Logto source) it says it was skipped and why, and exits 0; the
 * scenario and its dependencies are only loaded when it runs.
 */
if (!process.env.LOGTO_SRC) {
  console.log(
    'test:logto SKIPPED: LOGTO_SRC is not set. This test runs the connector inside a real Logto built from source, ' +
      'which CI cannot reach. To run it: build Logto (see docs/install.md, "Test against a real Logto"), start ' +
      'PostgreSQL, then LOGTO_SRC=<the Logto checkout> npm run test:logto (as root).'
  );
  process.exit(0);
}

await import('./scenario.js');
