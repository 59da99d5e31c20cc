import type { Scope } from './scopes';

/** The metadata key under which a route records what it asks of its caller. */
export const AUTH_REQUIREMENT = 'herald:auth-requirement';

/** What a route asks of its caller: an API key holding `scope`, optionally or the operator's ADMIN_TOKEN. */
export type AuthRequirement = { scope: Scope; operatorAllowed: boolean };
