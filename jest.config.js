// @ts-check
/** @type {import('jest').Config['transform']} */
const tsJest = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  // ESM-only dependencies (content-disposition 3, used by @fastify/static for /docs) become CommonJS.
  '^.+/node_modules/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } }],
};

/** Dependencies published only as ES modules, which jest's CommonJS runtime cannot require. */
const esmOnly = ['content-disposition', 'oauth4webapi'];

/** @type {import('jest').Config} */
const config = {
  projects: [
    {
      displayName: 'api',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/src/**/*.spec.ts'],
      transform: tsJest,
      transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: ['<rootDir>/test/support/setup-env.ts'],
    },
    {
      // Headless Chromium against the built app on a fresh embedded database: npm run test:browser.
      displayName: 'browser',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      transform: tsJest,
      globalSetup: '<rootDir>/test/browser/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/browser/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/browser/support/setup-timeout.ts'],
    },
  ],
  maxWorkers: 2,
  testTimeout: 30_000,
};

module.exports = config;
