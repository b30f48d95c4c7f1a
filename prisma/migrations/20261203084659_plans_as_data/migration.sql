-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "plan_version_id" TEXT;

-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "plan_version_id" TEXT;

-- CreateTable
CREATE TABLE "plans" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "self_serve" BOOLEAN NOT NULL DEFAULT false,
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_versions" (
    "id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "monthly_price_paisa" INTEGER,
    "limit_rpm" INTEGER,
    "limit_rpd" INTEGER,
    "limit_tpd" INTEGER,
    "limit_max_tokens" INTEGER,
    "features" TEXT[],
    "support" TEXT NOT NULL DEFAULT '',
    "models" JSONB,
    "overage_allowed" BOOLEAN NOT NULL DEFAULT false,
    "stripe_lookup_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,

    CONSTRAINT "plan_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "business_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "infra_monthly_cost_paisa" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "business_settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "plan_versions_stripe_lookup_key_key" ON "plan_versions"("stripe_lookup_key");

-- CreateIndex
CREATE UNIQUE INDEX "plan_versions_plan_id_version_key" ON "plan_versions"("plan_id", "version");

-- CreateIndex
CREATE INDEX "accounts_plan_version_id_idx" ON "accounts"("plan_version_id");

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_plan_version_id_fkey" FOREIGN KEY ("plan_version_id") REFERENCES "plan_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
