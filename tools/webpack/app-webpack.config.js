const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

/**
 * Nx's swc-loader rule sets no `jsc.target`, so swc falls back to ES5, and an ES5 class cannot
 * extend a native one (`class X extends Registry` fails at run time). Node 20 runs ES2022 as is.
 */
class SwcTargetPlugin {
  apply(compiler) {
    for (const rule of compiler.options.module.rules) {
      if (typeof rule.loader === 'string' && rule.loader.includes('swc-loader')) {
        rule.options.jsc = { ...rule.options.jsc, target: 'es2022', keepClassNames: true };
      }
    }
  }
}

/** The webpack build of one Nest app: swc-transpiled (type checking is `nx typecheck`), libs bundled. */
function appWebpackConfig(appDir, appName) {
  return {
    output: {
      path: join(appDir, '../../dist/apps', appName),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && { devtoolModuleFilenameTemplate: '[absolute-resource-path]' }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'swc',
        skipTypeChecking: true,
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: false,
        sourceMap: true,
      }),
      new SwcTargetPlugin(),
    ],
  };
}

module.exports = { appWebpackConfig };
