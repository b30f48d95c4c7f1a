-- AlterTable
ALTER TABLE "usage_events" ADD COLUMN     "cost_micros" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "tokens_cached" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "price_book" (
    "id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "effective_from" TIMESTAMPTZ(3) NOT NULL,
    "input_per_1m_micros" BIGINT NOT NULL DEFAULT 0,
    "cached_input_per_1m_micros" BIGINT NOT NULL DEFAULT 0,
    "output_per_1m_micros" BIGINT NOT NULL DEFAULT 0,
    "per_image_micros" JSONB NOT NULL DEFAULT '{"default": 0}',
    "per_audio_second_micros" BIGINT NOT NULL DEFAULT 0,
    "per_1k_chars_micros" BIGINT NOT NULL DEFAULT 0,
    "per_request_micros" BIGINT NOT NULL DEFAULT 0,
    "per_cache_hit_micros" BIGINT NOT NULL DEFAULT 0,
    "upstream_input_per_1m_micros" BIGINT NOT NULL DEFAULT 0,
    "upstream_cached_input_per_1m_micros" BIGINT NOT NULL DEFAULT 0,
    "upstream_output_per_1m_micros" BIGINT NOT NULL DEFAULT 0,
    "upstream_per_image_micros" JSONB NOT NULL DEFAULT '{"default": 0}',
    "upstream_per_audio_second_micros" BIGINT NOT NULL DEFAULT 0,
    "upstream_per_1k_chars_micros" BIGINT NOT NULL DEFAULT 0,
    "upstream_per_request_micros" BIGINT NOT NULL DEFAULT 0,
    "source" TEXT NOT NULL DEFAULT 'admin',
    "created_by_id" TEXT,
    "created_by_email" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_book_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "price_book_model_effective_from_key" ON "price_book"("model", "effective_from");

-- Hand-written: the price book is append-only history (lib/pricing/README.md). A change is a new
-- version; an UPDATE or DELETE would rewrite what past requests were charged at, so it is refused.
CREATE FUNCTION "price_book_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'price_book is append-only: add a new version instead of %', TG_OP;
END;
$$;

CREATE TRIGGER "price_book_append_only"
  BEFORE UPDATE OR DELETE ON "price_book"
  FOR EACH ROW EXECUTE FUNCTION "price_book_append_only"();
