-- CreateIndex
CREATE INDEX "usage_events_request_log_idx" ON "usage_events"("account_id", "created_at" DESC, "id" DESC, "status", "key_id", "model", "endpoint");
