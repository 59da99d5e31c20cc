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
 * V8 lets the old generation grow to up to four times what its last major GC left before it
 * collects again. Under a steady delivery load that headroom fills with objects promoted from the
 * young generation that are already garbage: it set the webhooks app's peak RSS (up to 390 MiB over
 * a live heap of 50 MiB). A factor of 2 keeps the peak under 290 MiB at no measurable CPU cost; 1.5
 * cost a fifth more CPU per delivery (docs/performance.md). The Dockerfile passes the same flag.
 */
export const PRODUCTION_NODE_FLAGS = ['--heap-growing-percent=100'];

/**
 * `node <bundle>`: no watcher, no transpiling at run time. Development keeps stack traces mapped
 * to the TypeScript sources; production skips that cost.
 */
export function appCommandLine(app: AppName, options: { production: boolean; nodeArgs?: string[] }): string[] {
  const flags = options.production ? PRODUCTION_NODE_FLAGS : ['--enable-source-maps'];
  return [...flags, ...(options.nodeArgs ?? []), appBundle(app)];
}

/** The app's environment: the stack's, with NODE_ENV=production in production and no generic PORT. */
export function appProcessEnv(env: NodeJS.ProcessEnv, production: boolean): NodeJS.ProcessEnv {
  return { ...env, PORT: undefined, ...(production && { NODE_ENV: 'production' }) };
}
