import { defineConfig } from 'tsup';

// Logto installs connectors without `npm install`: lib/ may only import what Logto core itself
// provides. Everything else is bundled; connector-kit never is, because Logto recognises errors by
// `instanceof` against its own copy.
const providedByLogtoCore = ['@logto/connector-kit', 'zod'];

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node22',
  outDir: 'lib',
  clean: true,
  dts: true,
  sourcemap: false,
  splitting: false,
  treeshake: true,
  removeNodeProtocol: false,
  external: providedByLogtoCore,
  noExternal: [/^(?!@logto\/connector-kit$|zod$).*/],
});
