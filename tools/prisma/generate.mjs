// Runs `prisma generate` offline: Prisma's CLI wants a schema-engine binary it never uses for
// generation, and downloading one is impossible here, so point it at a stub.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const stub = fileURLToPath(new URL('./schema-engine-stub.sh', import.meta.url));
execFileSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate', '--no-hints'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
