import type pg from "pg";
import { dailyRollupSql } from "@/lib/gateway/metering/rollup-sql";

/**
 * One statement per batch inserts synthetic usage events and folds them into usage_daily, the
 * way the gateway's metering does: the INSERT … RETURNING feeds a GROUP BY whose rows are added
 * to the existing rollups (ON CONFLICT … DO UPDATE), so events and rollups always agree.
 *
 * Shape of the traffic: accounts picked with a heavy head (random()^3: a few big customers, a
 * long tail), 1–3 keys each, times uniform over the last `days` days, ~95% answered, ~3%
 * refused with 429, ~2% failed upstream (502/504). Chat dominates; tokens and cost follow the
 * demo price table (lib/gateway/upstreams/defaults.ts).
 */
const BATCH_SQL = `
WITH draw AS (
  SELECT g, 1 + floor(power(random(), 3) * $4::int)::int AS a, random() AS r_kind,
         random() AS r_status, random() AS r_key, random() AS r_time,
         20 + floor(random() * 1500)::int AS tin, 10 + floor(random() * 700)::int AS tout,
         floor(40 + random() * random() * 2500)::int AS latency
    FROM generate_series($2::bigint, $3::bigint) AS g
), shaped AS (
  SELECT g, a, tin, tout, latency, r_time, r_key,
         CASE WHEN r_kind < 0.70 THEN 'demo-chat' WHEN r_kind < 0.80 THEN 'demo-chat-pro'
              WHEN r_kind < 0.90 THEN 'demo-image' WHEN r_kind < 0.95 THEN 'demo-tts'
              ELSE 'demo-whisper' END AS model,
         CASE WHEN r_status < 0.95 THEN 200 WHEN r_status < 0.98 THEN 429
              WHEN r_status < 0.995 THEN 502 ELSE 504 END AS status
    FROM draw
), events AS (
  INSERT INTO usage_events (id, account_id, key_id, endpoint, model, upstream, status, tokens_in,
                            tokens_out, latency_ms, cached, billed, error_code, cost_paisa, created_at)
  SELECT $1 || '-e' || g, $1 || '-a' || a, $1 || '-k' || a || '-' || floor(r_key * (1 + a % 3))::int,
         CASE WHEN model LIKE 'demo-chat%' THEN 'chat.completions'
              WHEN model = 'demo-image' THEN 'images.generations'
              WHEN model = 'demo-tts' THEN 'audio.speech' ELSE 'audio.transcriptions' END,
         model,
         CASE WHEN status = 429 THEN ''
              WHEN model LIKE 'demo-chat%' THEN 'demo-llm' WHEN model = 'demo-image' THEN 'demo-image'
              ELSE 'demo-voice' END,
         status,
         CASE WHEN status = 200 AND model LIKE 'demo-chat%' THEN tin ELSE 0 END,
         CASE WHEN status = 200 AND model LIKE 'demo-chat%' THEN tout ELSE 0 END,
         CASE WHEN status = 429 THEN 1 ELSE latency END,
         status = 200 AND g % 50 = 0,
         status = 200,
         CASE status WHEN 429 THEN 'rate_limit_exceeded' WHEN 502 THEN 'upstream_error'
                     WHEN 504 THEN 'upstream_timeout' END,
         CASE WHEN status <> 200 THEN 0
              WHEN model = 'demo-chat' THEN ceil((tin * 5 + tout * 15) / 1000.0)::int
              WHEN model = 'demo-chat-pro' THEN ceil((tin * 20 + tout * 60) / 1000.0)::int
              WHEN model = 'demo-image' THEN 200
              WHEN model = 'demo-tts' THEN ceil(tin * 50 / 1000.0)::int
              ELSE 1 + tout / 20 END,
         $5::timestamptz - r_time * $6::int * interval '1 day'
    FROM shaped
  RETURNING account_id, key_id, endpoint, model, status, billed, cached, tokens_in, tokens_out,
            cost_paisa, latency_ms, created_at
)
${dailyRollupSql("events", "$7")}`;

export interface EventBatch {
  tag: string;
  from: number;
  to: number;
  accounts: number;
  now: Date;
  days: number;
  timeZone: string;
}

export async function seedEventBatch(client: pg.PoolClient, batch: EventBatch): Promise<void> {
  await client.query(BATCH_SQL, [
    batch.tag,
    batch.from,
    batch.to,
    batch.accounts,
    batch.now,
    batch.days,
    batch.timeZone,
  ]);
}
