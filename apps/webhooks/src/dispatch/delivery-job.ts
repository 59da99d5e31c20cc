/** What the dispatcher puts on `webhooks.deliver.<endpointId>`: a pointer, the data stays in Postgres. */
export type DeliveryJob = {
  delivery_id: string;
  endpoint_id: string;
  org_id: string;
  event_id: string;
};
