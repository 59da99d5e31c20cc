-- CreateTable
CREATE TABLE "inbound_sources" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scheme" TEXT NOT NULL,
    "options" JSONB,
    "description" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "rate_limit_per_minute" INTEGER,
    "secret" TEXT NOT NULL,
    "previous_secret" TEXT,
    "previous_secret_expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inbound_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_events" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "source_id" TEXT,
    "source_name" TEXT NOT NULL,
    "scheme" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "sender_event_id" TEXT,
    "dedup_key" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "raw_body" BYTEA NOT NULL,
    "headers" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "replay_count" INTEGER NOT NULL DEFAULT 0,
    "last_replayed_at" TIMESTAMPTZ(3),

    CONSTRAINT "inbound_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_rate_windows" (
    "source_id" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "inbound_rate_windows_pkey" PRIMARY KEY ("source_id","window_start")
);

-- CreateIndex
CREATE UNIQUE INDEX "inbound_sources_org_id_name_key" ON "inbound_sources"("org_id", "name");

-- CreateIndex
CREATE INDEX "inbound_sources_org_id_id_idx" ON "inbound_sources"("org_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_events_source_id_dedup_key_key" ON "inbound_events"("source_id", "dedup_key");

-- CreateIndex
CREATE INDEX "inbound_events_org_id_id_idx" ON "inbound_events"("org_id", "id");

-- CreateIndex
CREATE INDEX "inbound_events_org_id_source_name_id_idx" ON "inbound_events"("org_id", "source_name", "id");

-- AddForeignKey
ALTER TABLE "inbound_sources" ADD CONSTRAINT "inbound_sources_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_events" ADD CONSTRAINT "inbound_events_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_events" ADD CONSTRAINT "inbound_events_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "inbound_sources"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_rate_windows" ADD CONSTRAINT "inbound_rate_windows_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "inbound_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;
