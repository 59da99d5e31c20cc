import type { INestApplication } from '@nestjs/common';
import { ApiKeysService, OrganizationsService, type Scope } from '@herald/auth';

export type SeededOrganization = { orgId: string; keys: Record<string, string> };

/**
 * An organization with one API key per requested scope set, made through the app's own services
 * (every app has them), e.g. `seedOrganization(app, { manage: ['webhooks:manage'] })`.
 */
export async function seedOrganization(
  app: INestApplication,
  keys: Record<string, Scope[]>,
  name = 'Seeded Org',
): Promise<SeededOrganization> {
  const org = await app.get(OrganizationsService).create(name);
  const apiKeys = app.get(ApiKeysService);
  const issued = await Promise.all(
    Object.entries(keys).map(async ([label, scopes]) => [label, (await apiKeys.issue(org.id, scopes)).key] as const),
  );
  return { orgId: org.id, keys: Object.fromEntries(issued) };
}
