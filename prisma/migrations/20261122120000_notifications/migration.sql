-- CreateTable
CREATE TABLE "notification_recipients" (
    "org_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "discord_webhook_url" TEXT,
    "locale" TEXT,
    "timezone" TEXT,
    "admin" BOOLEAN NOT NULL DEFAULT false,
    "quiet_hours_start" TEXT,
    "quiet_hours_end" TEXT,
    "preferences" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_recipients_pkey" PRIMARY KEY ("org_id","user_id")
);

-- CreateTable
CREATE TABLE "notification_templates" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "current_version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_template_versions" (
    "id" TEXT NOT NULL,
    "template_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "compiled" JSONB NOT NULL,
    "throttle" JSONB,
    "digest" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_template_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_partials" (
    "org_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_partials_pkey" PRIMARY KEY ("org_id","name")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "template_key" TEXT NOT NULL,
    "template_version" INTEGER,
    "category" TEXT,
    "data" JSONB NOT NULL,
    "critical" BOOLEAN NOT NULL DEFAULT false,
    "channels" TEXT[],
    "idempotency_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'request',
    "status" TEXT NOT NULL DEFAULT 'accepted',
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_steps" (
    "id" TEXT NOT NULL,
    "notification_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "provider_message_id" TEXT,
    "provider_response" JSONB,
    "not_before" TIMESTAMPTZ(3),
    "leased_until" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbox_messages" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "notification_id" TEXT NOT NULL,
    "category" TEXT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "data" JSONB,
    "seen_at" TIMESTAMPTZ(3),
    "read_at" TIMESTAMPTZ(3),
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_suppressions" (
    "org_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_suppressions_pkey" PRIMARY KEY ("org_id","channel","address")
);

-- CreateTable
CREATE TABLE "provider_callbacks" (
    "provider" TEXT NOT NULL,
    "event_key" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "provider_callbacks_pkey" PRIMARY KEY ("provider","event_key")
);

-- CreateTable
CREATE TABLE "notification_throttle_hits" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_throttle_hits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_digests" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "template_key" TEXT NOT NULL,
    "items" JSONB NOT NULL DEFAULT '[]',
    "closes_at" TIMESTAMPTZ(3) NOT NULL,
    "flushed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_digests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_rules" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "template_key" TEXT NOT NULL,
    "recipient_path" TEXT NOT NULL,
    "critical" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_rules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notification_recipients_org_id_admin_idx" ON "notification_recipients"("org_id", "admin");

-- CreateIndex
CREATE UNIQUE INDEX "notification_templates_org_id_key_key" ON "notification_templates"("org_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "notification_template_versions_template_id_version_key" ON "notification_template_versions"("template_id", "version");

-- CreateIndex
CREATE INDEX "notifications_org_id_user_id_created_at_idx" ON "notifications"("org_id", "user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_org_id_idempotency_key_key" ON "notifications"("org_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "notification_steps_provider_message_id_idx" ON "notification_steps"("provider_message_id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_steps_notification_id_channel_key" ON "notification_steps"("notification_id", "channel");

-- CreateIndex
CREATE UNIQUE INDEX "inbox_messages_notification_id_key" ON "inbox_messages"("notification_id");

-- CreateIndex
CREATE INDEX "inbox_messages_org_id_user_id_id_idx" ON "inbox_messages"("org_id", "user_id", "id");

-- CreateIndex
CREATE INDEX "notification_throttle_hits_window_idx" ON "notification_throttle_hits"("org_id", "user_id", "channel", "category", "at");

-- CreateIndex
CREATE INDEX "notification_digests_open_idx" ON "notification_digests"("org_id", "user_id", "channel", "template_key", "flushed_at");

-- CreateIndex
CREATE INDEX "notification_rules_org_id_event_type_idx" ON "notification_rules"("org_id", "event_type");

-- AddForeignKey
ALTER TABLE "notification_template_versions" ADD CONSTRAINT "notification_template_versions_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "notification_templates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_steps" ADD CONSTRAINT "notification_steps_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;
