import type { Scope } from './scopes';

/** Who is calling: the operator holding ADMIN_TOKEN, or an organization's API key. */
export type Principal =
  | { kind: 'operator' }
  | { kind: 'api-key'; orgId: string; keyId: string; scopes: readonly Scope[] };

export type AuthenticatedRequest = { principal?: Principal; headers: Record<string, string | string[] | undefined> };
