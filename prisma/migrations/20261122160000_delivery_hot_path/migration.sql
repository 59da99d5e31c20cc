-- A delivery's status changes once or twice in its life, right after it is inserted. With no index
-- on any column those updates touch, and room left on each page, Postgres makes them HOT updates:
-- the new row version goes on the same page and none of the table's indexes is written.

-- DropIndex
DROP INDEX "webhook_deliveries_org_id_status_idx";

-- CreateIndex
CREATE INDEX "webhook_deliveries_org_id_created_at_idx" ON "webhook_deliveries"("org_id", "created_at");

-- Room on each page for the updated row versions.
ALTER TABLE "webhook_deliveries" SET (fillfactor = 80);

-- Receivers get the payload byte for byte as it was first sent: JSON keeps the text, JSONB reorders keys.
-- AlterTable
ALTER TABLE "webhook_events" ALTER COLUMN "payload" SET DATA TYPE JSON;
