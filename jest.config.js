// One Jest run for the whole workspace, split by the kind of test (Emmett's naming):
//   *.unit.spec.ts  pure code, no I/O          *.int.spec.ts  real PostgreSQL, PGlite, NATS, HTTP
//   *.e2e.spec.ts   whole services over HTTP, browsers
// `npm test` runs all three; `npx jest --selectProjects unit` runs one kind.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
  },
];

const kind = (name, timeout) => ({
  displayName: name,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  testMatch: [`<rootDir>/{apps,libs,test}/**/*.${name}.spec.ts`],
  // The data directory of `npm start` is not code.
  modulePathIgnorePatterns: ['<rootDir>/data/', '<rootDir>/dist/'],
  slowTestThreshold: timeout / 1000,
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [kind('unit', 5_000), kind('int', 30_000), kind('e2e', 60_000)],
  testTimeout: 30_000,
};
