-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "allowed_endpoints" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "allowed_models" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "ip_allowlist" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "last_used_ip" TEXT,
ADD COLUMN     "limit_rpd" INTEGER,
ADD COLUMN     "limit_rpm" INTEGER,
ADD COLUMN     "limit_tpd" INTEGER,
ADD COLUMN     "previous_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "previous_hash" TEXT,
ADD COLUMN     "read_only" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_previous_hash_key" ON "api_keys"("previous_hash");
