import { resolve } from 'node:path';
import { APP_NAMES, type AppName } from '@herald/config';
import type { ProcessGroup } from './processes';

const WORKSPACE_ROOT = resolve(__dirname, '../..');

/** `nx run-many -t build` for the three apps (webpack, swc; cached by Nx after the first run). */
export async function buildAppBundles(group: ProcessGroup, options: { logFile?: string } = {}): Promise<void> {
  const nx = require.resolve('nx/bin/nx.js', { paths: [WORKSPACE_ROOT] });
  const args = [nx, 'run-many', '-t', 'build', '-p', APP_NAMES.join(','), '--outputStyle=static'];
  const child = group.start('build', process.execPath, args, { cwd: WORKSPACE_ROOT, logFile: options.logFile });
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`the build failed (exit code ${code})`);
}

export function appBundle(app: AppName): string {
  return resolve(WORKSPACE_ROOT, 'dist/apps', app, 'main.js');
}

/**
 * `node <bundle>`: no watcher, no transpiling at run time. Development keeps stack traces mapped
 * to the TypeScript sources; production skips that cost.
 */
export function appCommandLine(app: AppName, options: { production: boolean; nodeArgs?: string[] }): string[] {
  return [...(options.production ? [] : ['--enable-source-maps']), ...(options.nodeArgs ?? []), appBundle(app)];
}

/** The app's environment: the stack's, with NODE_ENV=production in production and no generic PORT. */
export function appProcessEnv(env: NodeJS.ProcessEnv, production: boolean): NodeJS.ProcessEnv {
  return { ...env, PORT: undefined, ...(production && { NODE_ENV: 'production' }) };
}
