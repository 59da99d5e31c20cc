export { classifyAddress, describeAddressClass, isForbiddenAddress, type AddressClass } from './address-policy';
export { assertDeliverableUrl, type DeliverableUrlOptions } from './deliverable-url.validator';
export { resolveWithDns, type ResolveHost } from './host-resolver';
export { ForbiddenAddressError, UndeliverableUrlError, type UndeliverableUrlReason } from './http-delivery.errors';
export { parseRetryAfter } from './retry-after.parser';
export { WebhookHttpClient } from './webhook-http.client';
export type {
  DeliveryErrorKind,
  DeliveryRequest,
  DeliveryResult,
  WebhookHttpClientOptions,
} from './webhook-http.types';
