-- Operational events Herald publishes about itself, so an org can be told (and can subscribe).
INSERT INTO "event_types" ("name", "description", "system") VALUES
    ('webhook.endpoint.disabled', 'Herald disabled a webhook endpoint (410 Gone, or every attempt of too many deliveries in a row failed).', true)
ON CONFLICT ("name") DO NOTHING;
