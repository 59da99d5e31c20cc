const nxPreset = require('@nx/jest/preset').default;

// @swc/jest transpiles without type checking (that is `nx typecheck`), with the decorator
// metadata Nest's dependency injection reads at run time.
const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

// PGlite's CommonJS build loads node built-ins with `await import(...)`, which Jest's module
// sandbox refuses without --experimental-vm-modules; compiled by swc, those become require().
const pgliteTransform = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': swcTransform, '^.+\\.cjs$': pgliteTransform },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
