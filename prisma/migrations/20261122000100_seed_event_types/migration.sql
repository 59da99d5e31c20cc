-- Seed the event-type catalogue; types added later get a migration of their own.
INSERT INTO "event_types" ("name", "description", "system") VALUES
    ('lead_won', 'A lead was marked as won.', false),
    ('lead_lost', 'A lead was marked as lost.', false),
    ('proposal_accepted', 'A client accepted a proposal.', false),
    ('meeting.booked', 'A meeting was booked.', false),
    ('invoice.paid', 'An invoice was paid in full.', false),
    ('payment_failed', 'A payment failed.', false),
    ('payment.succeeded', 'A payment succeeded.', false),
    ('payment.failed', 'A payment attempt failed.', false),
    ('project.created', 'A project was created.', false),
    ('project.updated', 'A project was updated.', false),
    ('project.deleted', 'A project was deleted.', false),
    ('project.completed', 'A project was completed.', false),
    ('task.completed', 'A task was completed.', false),
    ('client.created', 'A client was created.', false),
    ('billing.suspended', 'An account''s billing was suspended.', false),
    ('survey.submitted', 'A survey response was submitted.', false),
    ('user.created', 'A user was created.', false),
    ('user.updated', 'A user''s profile was updated.', false),
    ('user.deleted', 'A user was deleted.', false),
    ('file.uploaded', 'A file was uploaded.', false),
    ('webhook.test', 'A test event sent to one endpoint on request.', true)
ON CONFLICT ("name") DO NOTHING;
