-- CreateTable
CREATE TABLE "upstreams" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "credential" TEXT,
    "models" JSONB NOT NULL,
    "weight" INTEGER NOT NULL DEFAULT 1,
    "timeout_ms" INTEGER NOT NULL DEFAULT 60000,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "allow_private_host" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "upstreams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "custom_endpoints" (
    "id" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "method" TEXT NOT NULL DEFAULT 'POST',
    "target_url" TEXT NOT NULL,
    "credential" TEXT,
    "allow_private_host" BOOLEAN NOT NULL DEFAULT false,
    "timeout_ms" INTEGER NOT NULL DEFAULT 30000,
    "price_per_request_paisa" INTEGER NOT NULL DEFAULT 0,
    "input_per_1k" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "output_per_1k" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "min_plan" TEXT NOT NULL DEFAULT 'free',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "custom_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "upstreams_name_key" ON "upstreams"("name");

-- CreateIndex
CREATE UNIQUE INDEX "custom_endpoints_path_key" ON "custom_endpoints"("path");
