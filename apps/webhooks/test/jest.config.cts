module.exports = {
  displayName: 'webhooks-e2e',
  preset: '../../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/../../../libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/../../../libs/testing/src/global-teardown.ts',
  testTimeout: 60000,
};
