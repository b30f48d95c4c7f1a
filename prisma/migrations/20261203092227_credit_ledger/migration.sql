-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('topup', 'usage', 'refund', 'grant', 'expiry', 'adjustment');

-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "postpaid_overage" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "spend_cap_monthly_micros" BIGINT;

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "spend_cap_monthly_micros" BIGINT;

-- CreateTable
CREATE TABLE "ledger_entries" (
    "account_id" TEXT NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "amount_micros" BIGINT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "key_id" TEXT,
    "request_id" TEXT,
    "reference" TEXT,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateIndex
CREATE INDEX "ledger_entries_account_id_created_at_idx" ON "ledger_entries"("account_id", "created_at");

-- CreateIndex
CREATE INDEX "ledger_entries_kind_created_at_idx" ON "ledger_entries"("kind", "created_at");

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The ledger is append-only: a correction is a new entry, never an edit.
CREATE FUNCTION "ledger_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entries is append-only';
END;
$$;

CREATE TRIGGER "ledger_entries_no_update" BEFORE UPDATE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION "ledger_entries_append_only"();
