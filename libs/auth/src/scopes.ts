export const SCOPES = [
  'webhooks:manage',
  'webhooks:read',
  'notifications:send',
  'notifications:manage',
  'inbound:manage',
  'admin',
] as const;

export type Scope = (typeof SCOPES)[number];

/** What holding a scope also grants: `admin` everything, `*:manage` the matching read. */
const IMPLIED: Partial<Record<Scope, readonly Scope[]>> = {
  admin: SCOPES,
  'webhooks:manage': ['webhooks:read'],
};

export function grants(held: readonly Scope[], required: Scope): boolean {
  return held.some((scope) => scope === required || (IMPLIED[scope]?.includes(required) ?? false));
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
