module.exports = {
  displayName: 'jetstream',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/jetstream',
  // Integration specs wait on a real broker (and one spawns a Node process) with `eventually`
  // deadlines of 10-20 s; jest's own 5 s limit would cut those short with a less useful message.
  testTimeout: 30_000,
};
