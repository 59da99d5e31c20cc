module.exports = {
  displayName: 'pglite-server',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/pglite-server',
};
