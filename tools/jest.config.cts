module.exports = {
  displayName: 'tools-e2e',
  preset: '../jest.preset.js',
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  testTimeout: 240_000,
};
