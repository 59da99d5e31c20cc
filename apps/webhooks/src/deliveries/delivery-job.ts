/** What goes on `webhooks.deliver.<endpointId>` (and the retry lane): a pointer; the data stays in Postgres. */
export type DeliveryJob = {
  delivery_id: string;
  endpoint_id: string;
  org_id: string;
  event_id: string;
  /** Retry lane only: the attempt is not made before this time (ISO 8601). */
  not_before?: string;
};
