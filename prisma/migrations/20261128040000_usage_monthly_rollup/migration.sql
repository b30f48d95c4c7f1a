-- usage_monthly: one row per account and business-time-zone month, kept equal to usage_daily by
-- statement-level triggers (hand-written: Prisma cannot express triggers and ignores them when it
-- diffs, so only the table is in schema.prisma).
--
-- Account-level views of a month (the admin console's profitability and customer lists) would
-- otherwise sum every usage_daily row of the month (one per account, day, key, endpoint and
-- model: 600,000+ rows with 10 million events a quarter), which no longer fits a 200 ms budget.
-- Here a month is one row per account. Triggers rather than the writers keep it exact for every
-- writer there is (the gateway's batches, seeds, test fixtures). Rows are upserted in key order,
-- so concurrent writers on several instances lock them in the same order (no deadlocks).

CREATE TABLE "usage_monthly" (
    "account_id" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "requests" BIGINT NOT NULL DEFAULT 0,
    "billed_requests" BIGINT NOT NULL DEFAULT 0,
    "errors" BIGINT NOT NULL DEFAULT 0,
    "cached_requests" BIGINT NOT NULL DEFAULT 0,
    "tokens_in" BIGINT NOT NULL DEFAULT 0,
    "tokens_out" BIGINT NOT NULL DEFAULT 0,
    "cost_paisa" BIGINT NOT NULL DEFAULT 0,
    "latency_ms_sum" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "usage_monthly_pkey" PRIMARY KEY ("account_id","month")
);

CREATE INDEX "usage_monthly_month_idx" ON "usage_monthly"("month");

-- The rows a statement changed become signed sums per (account, month): inserted rows count +1,
-- deleted rows -1, an update both (new - old). The source differs per operation, the upsert not.
CREATE FUNCTION darwaza_usage_monthly_sync() RETURNS TRIGGER LANGUAGE plpgsql AS $fn$
DECLARE
  cols CONSTANT TEXT := 'account_id, day, requests, billed_requests, errors, cached_requests, '
    'tokens_in, tokens_out, cost_paisa, latency_ms_sum';
  negated CONSTANT TEXT := 'account_id, day, -requests, -billed_requests, -errors, -cached_requests, '
    '-tokens_in, -tokens_out, -cost_paisa, -latency_ms_sum';
  source TEXT;
BEGIN
  IF TG_OP = 'INSERT' THEN
    source := format('SELECT %s FROM new_rows', cols);
  ELSIF TG_OP = 'UPDATE' THEN
    source := format('SELECT %s FROM new_rows UNION ALL SELECT %s FROM old_rows', cols, negated);
  ELSE
    source := format('SELECT %s FROM old_rows', negated);
  END IF;
  EXECUTE format($sql$
    INSERT INTO usage_monthly AS m (account_id, month, requests, billed_requests, errors,
      cached_requests, tokens_in, tokens_out, cost_paisa, latency_ms_sum)
    SELECT account_id, date_trunc('month', day)::date, sum(requests), sum(billed_requests),
      sum(errors), sum(cached_requests), sum(tokens_in), sum(tokens_out), sum(cost_paisa),
      sum(latency_ms_sum)
    FROM (%s) AS delta(account_id, day, requests, billed_requests, errors, cached_requests,
      tokens_in, tokens_out, cost_paisa, latency_ms_sum)
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (account_id, month) DO UPDATE SET
      requests = m.requests + EXCLUDED.requests,
      billed_requests = m.billed_requests + EXCLUDED.billed_requests,
      errors = m.errors + EXCLUDED.errors,
      cached_requests = m.cached_requests + EXCLUDED.cached_requests,
      tokens_in = m.tokens_in + EXCLUDED.tokens_in,
      tokens_out = m.tokens_out + EXCLUDED.tokens_out,
      cost_paisa = m.cost_paisa + EXCLUDED.cost_paisa,
      latency_ms_sum = m.latency_ms_sum + EXCLUDED.latency_ms_sum
  $sql$, source);
  RETURN NULL;
END
$fn$;

CREATE TRIGGER "usage_daily_monthly_insert" AFTER INSERT ON "usage_daily"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION darwaza_usage_monthly_sync();
CREATE TRIGGER "usage_daily_monthly_update" AFTER UPDATE ON "usage_daily"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION darwaza_usage_monthly_sync();
CREATE TRIGGER "usage_daily_monthly_delete" AFTER DELETE ON "usage_daily"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION darwaza_usage_monthly_sync();

-- TRUNCATE (tests, a reset) empties both.
CREATE FUNCTION darwaza_usage_monthly_truncate() RETURNS TRIGGER LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE usage_monthly;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "usage_daily_monthly_truncate" AFTER TRUNCATE ON "usage_daily"
  FOR EACH STATEMENT EXECUTE FUNCTION darwaza_usage_monthly_truncate();

INSERT INTO "usage_monthly"
SELECT account_id, date_trunc('month', day)::date, sum(requests), sum(billed_requests), sum(errors),
  sum(cached_requests), sum(tokens_in), sum(tokens_out), sum(cost_paisa), sum(latency_ms_sum)
FROM "usage_daily" GROUP BY 1, 2;
