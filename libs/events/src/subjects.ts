import { EVENT_TYPE_PATTERN, SUBJECT_TOKEN_PATTERN } from './event-envelope';

/** Subject names of docs/design.md's streams; event types contain dots, so consumers filter with `>`. */
export const SUBJECTS = {
  events: 'events.>',
  webhookDeliveries: 'webhooks.deliver.>',
  notifications: 'notifications.send',
  inbound: 'inbound.>',
} as const;

export function eventSubject(orgId: string, type: string): string {
  return `events.${token(orgId, 'org id')}.${eventType(type)}`;
}

export function orgEventsSubject(orgId: string): string {
  return `events.${token(orgId, 'org id')}.>`;
}

export function webhookDeliverySubject(endpointId: string): string {
  return `webhooks.deliver.${token(endpointId, 'endpoint id')}`;
}

export function inboundSubject(source: string, type: string): string {
  return `inbound.${token(source, 'source')}.${eventType(type)}`;
}

function token(value: string, what: string): string {
  if (!SUBJECT_TOKEN_PATTERN.test(value)) throw new Error(`${what} "${value}" cannot be used in a NATS subject`);
  return value;
}

function eventType(value: string): string {
  if (!EVENT_TYPE_PATTERN.test(value))
    throw new Error(`event type "${value}" is not lower-case words joined by "." or "_"`);
  return value;
}
