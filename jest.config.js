// Two projects: fast unit tests beside the code in libs/, and integration/e2e tests in test/
// against real Postgres and Redis. `npm test` runs both.
const { compilerOptions } = require('./tsconfig.base.json');

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    `<rootDir>/${target}`,
  ]),
);

const shared = {
  transform: { '^.+\\.(ts|js)$': swc },
  // content-disposition (under @fastify/static) and jose ship only ESM; Node 20.19+ can
  // require() them, Jest cannot, so they are compiled like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|jose)/)'],
  moduleNameMapper,
  testEnvironment: 'node',
};

module.exports = {
  // A global option (Jest ignores it inside a project): e2e tests wait on real services.
  testTimeout: 60_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
