import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@herald/config';
import { createHeraldApp, type HeraldAppDefinition } from '@herald/http-app';

export type TestApp = { app: INestApplication; url: string; close(): Promise<void> };

/**
 * Starts an app in this process, configured from the environment the global setup prepared
 * (plus `env`), listening on a free loopback port.
 */
export async function startTestApp(
  definition: HeraldAppDefinition,
  env: Record<string, string> = {},
): Promise<TestApp> {
  const config = loadConfig(definition.name, { ...process.env, ...env });
  const app = await createHeraldApp(definition, config);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
}
