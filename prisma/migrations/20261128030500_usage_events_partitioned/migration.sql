-- usage_events partitioned by month (hand-written: Prisma cannot express partitioning).
--
-- Raw usage events grow without bound, while dashboards read the usage_daily rollups, so old events
-- are only kept for a retention period. Monthly range partitions on created_at make dropping a
-- month instant (DROP TABLE instead of a DELETE of millions of rows and the vacuum after it) and
-- let the queries that do read events (recent requests, the last hour's health, CSV export) touch
-- only the months they ask for.
--
-- A partitioned table's primary key must include the partition key, hence (id, created_at):
-- schema.prisma says @@id([id, createdAt]), so the drift check stays exact (the schema engine
-- ignores the partitions themselves). A retried batch carries the same id and created_at, so
-- ON CONFLICT (id, created_at) DO NOTHING still makes retries harmless.
--
-- Only the DEFAULT partition is created here: lib/server/usage-partitions.ts (run at every start
-- and every few hours, advisory-locked) creates the monthly partitions ahead of time, moves any
-- rows that landed in the default partition into their month, and drops months past
-- DARWAZA_USAGE_RETENTION_MONTHS.

ALTER TABLE "usage_events" RENAME TO "usage_events_unpartitioned";
ALTER TABLE "usage_events_unpartitioned" RENAME CONSTRAINT "usage_events_pkey" TO "usage_events_unpartitioned_pkey";
DROP INDEX "usage_events_account_id_created_at_idx";
DROP INDEX "usage_events_key_id_created_at_idx";
DROP INDEX "usage_events_created_at_idx";

CREATE TABLE "usage_events" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "key_id" TEXT,
    "endpoint" TEXT NOT NULL,
    "model" TEXT NOT NULL DEFAULT '',
    "upstream" TEXT NOT NULL DEFAULT '',
    "status" INTEGER NOT NULL,
    "tokens_in" INTEGER NOT NULL DEFAULT 0,
    "tokens_out" INTEGER NOT NULL DEFAULT 0,
    "latency_ms" INTEGER NOT NULL DEFAULT 0,
    "cached" BOOLEAN NOT NULL DEFAULT false,
    "estimated" BOOLEAN NOT NULL DEFAULT false,
    "billed" BOOLEAN NOT NULL DEFAULT true,
    "error_code" TEXT,
    "cost_paisa" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_events_pkey" PRIMARY KEY ("id", "created_at")
) PARTITION BY RANGE ("created_at");

CREATE INDEX "usage_events_account_id_created_at_idx" ON "usage_events"("account_id", "created_at" DESC);
CREATE INDEX "usage_events_key_id_created_at_idx" ON "usage_events"("key_id", "created_at" DESC);
CREATE INDEX "usage_events_created_at_idx" ON "usage_events"("created_at");

CREATE TABLE "usage_events_default" PARTITION OF "usage_events" DEFAULT;

INSERT INTO "usage_events" SELECT * FROM "usage_events_unpartitioned";
DROP TABLE "usage_events_unpartitioned";
