// One Jest run for the whole workspace, split by the kind of test (Emmett's naming):
//   *.unit.spec.ts  pure code, no I/O          *.int.spec.ts  real PostgreSQL, PGlite, NATS, HTTP
//   *.e2e.spec.ts   whole services over HTTP, browsers
// `npm test` runs all three; `npx jest --selectProjects unit` runs one kind.
// The same compiler options as `npm run build` (.swcrc), with source maps inline for stack traces.
const swcrc = JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, '.swcrc'), 'utf8'));
const swc = ['@swc/jest', { ...swcrc, swcrc: false, sourceMaps: 'inline' }];

// Dependencies that ship ES modules only: Jest on Node.js 20 cannot require() them, so SWC compiles them to
// CommonJS for the tests (Node.js itself loads them natively). Name each one here.
const ESM_ONLY = ['content-disposition'];

const kind = (name, timeout) => ({
  displayName: name,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, [`node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  testMatch: [`<rootDir>/{apps,libs,test}/**/*.${name}.spec.ts`],
  // The data directory of `npm start` is not code, and compiled copies (dist/ anywhere) would shadow the packages.
  modulePathIgnorePatterns: ['<rootDir>/data/', '/dist/', '/.dist-builds/'],
  slowTestThreshold: timeout / 1000,
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [kind('unit', 5_000), kind('int', 30_000), { ...kind('e2e', 60_000), globalSetup: '<rootDir>/test/support/build-once.js' }],
  testTimeout: 30_000,
};
