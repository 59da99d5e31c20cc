import { join } from 'node:path';
import { register } from 'tsconfig-paths';

// Jest loads global setup and teardown with plain Node resolution (no moduleNameMapper), so the
// workspace's `@herald/*` paths are registered here, before anything imports them.
const root = join(__dirname, '../../..');
const { compilerOptions } = require(join(root, 'tsconfig.base.json')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
register({ baseUrl: root, paths: compilerOptions.paths });
