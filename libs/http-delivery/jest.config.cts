module.exports = {
  displayName: 'http-delivery',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/http-delivery',
};
