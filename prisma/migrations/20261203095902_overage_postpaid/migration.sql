-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "usage_amount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "postpaid_charges" (
    "request_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "key_id" TEXT,
    "amount_micros" BIGINT NOT NULL,
    "report_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "postpaid_charges_pkey" PRIMARY KEY ("request_id")
);

-- CreateTable
CREATE TABLE "overage_reports" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "customer_id" TEXT NOT NULL,
    "amount_micros" BIGINT NOT NULL,
    "charges" INTEGER NOT NULL,
    "event_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "overage_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "postpaid_charges_account_id_report_id_idx" ON "postpaid_charges"("account_id", "report_id");

-- CreateIndex
CREATE INDEX "postpaid_charges_report_id_idx" ON "postpaid_charges"("report_id");

-- CreateIndex
CREATE INDEX "overage_reports_sent_at_idx" ON "overage_reports"("sent_at");

-- CreateIndex
CREATE UNIQUE INDEX "overage_reports_account_id_seq_key" ON "overage_reports"("account_id", "seq");

-- AddForeignKey
ALTER TABLE "postpaid_charges" ADD CONSTRAINT "postpaid_charges_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "postpaid_charges" ADD CONSTRAINT "postpaid_charges_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "overage_reports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "overage_reports" ADD CONSTRAINT "overage_reports_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
