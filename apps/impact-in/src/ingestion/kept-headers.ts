import type { InboundHeaders } from '@herald/signing';
import type { SourceOptions } from '../sources/source-options';

/** Headers that say what was sent and by whom; never cookies or authorization. */
const ALWAYS_KEPT = [
  'content-type',
  'user-agent',
  'x-github-event',
  'x-github-delivery',
  'x-github-hook-id',
  'x-hub-signature-256',
  'stripe-signature',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'svix-id',
  'svix-timestamp',
  'svix-signature',
  'x-twilio-signature',
  'i-twilio-idempotency-token',
];

export function keptHeaders(headers: InboundHeaders, options: SourceOptions | null): Record<string, string> {
  const configured = [options?.header, options?.timestamp_header, options?.id_header, options?.event_type_header];
  const names = new Set([...ALWAYS_KEPT, ...configured.filter((name): name is string => !!name).map(lower)]);
  const kept: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (value !== undefined) kept[name] = typeof value === 'string' ? value : value.join(', ');
  }
  return kept;
}

function lower(name: string): string {
  return name.toLowerCase();
}
