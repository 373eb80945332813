// @ts-check
/** SWC compiles tests fast and keeps decorator metadata for Nest DI; `npm run typecheck` checks types. */
const transform = {
  '^.+\\.(ts|js)$': [
    '@swc/jest',
    {
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

const moduleNameMapper = {
  '^@tally/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@tally/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};

// content-disposition 3 (used by @fastify/static) and @noble/@scure (used by otplib) ship only ESM: Node 20
// requires them natively, Jest needs them compiled.
const transformIgnorePatterns = ['/node_modules/(?!(content-disposition|@noble|@scure)/)'];

const common = { rootDir: '.', transform, transformIgnorePatterns, moduleNameMapper, testEnvironment: 'node' };

/** @type {import('jest').Config} */
const config = {
  // Integration and e2e tests talk to real services on a shared 2-core machine; a per-project
  // testTimeout is ignored by Jest, so it is set here for all.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/reap-processes.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/reap-processes.ts'],
    },
  ],
};

module.exports = config;
