-- CreateTable
CREATE TABLE "auto_recharge" (
    "account_id" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "threshold_micros" BIGINT NOT NULL DEFAULT 500000000,
    "amount_micros" BIGINT NOT NULL DEFAULT 1000000000,
    "max_failures" INTEGER NOT NULL DEFAULT 3,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "payment_method_id" TEXT,
    "card_saved_at" TIMESTAMPTZ(3),
    "attempt_seq" INTEGER NOT NULL DEFAULT 0,
    "pending_since" TIMESTAMPTZ(3),
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "notice" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "auto_recharge_pkey" PRIMARY KEY ("account_id")
);

-- CreateIndex
CREATE INDEX "auto_recharge_enabled_idx" ON "auto_recharge"("enabled");

-- AddForeignKey
ALTER TABLE "auto_recharge" ADD CONSTRAINT "auto_recharge_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
