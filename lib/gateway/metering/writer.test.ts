import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/services";
import { type GatewayTestEnv, setUpGatewayEnv } from "../test-support/database";
import type { UsageEventRow } from "./types";
import { batchWriter } from "./writer";

let testEnv: GatewayTestEnv;
beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
});
afterAll(async () => {
  await testEnv.teardown();
});

function event(id: string, overrides: Partial<UsageEventRow> = {}): UsageEventRow {
  return {
    id,
    accountId: "acct_a",
    keyId: "key_a",
    endpoint: "chat.completions",
    model: "demo-chat",
    upstream: "demo-llm",
    status: 200,
    tokensIn: 10,
    tokensOut: 20,
    latencyMs: 5,
    cached: false,
    estimated: false,
    billed: true,
    errorCode: null,
    costPaisa: 3,
    createdAt: Date.parse("2026-11-27T12:00:00Z"),
    ...overrides,
  };
}

interface Daily {
  account_id: string;
  day: string;
  key_id: string;
  endpoint: string;
  model: string;
  requests: number;
  billed_requests: number;
  errors: number;
  cached_requests: number;
  tokens_in: string;
  tokens_out: string;
  cost_paisa: string;
  latency_ms_sum: string;
}

async function rollups(): Promise<Daily[]> {
  const { rows } = await pool().query<Daily>(
    `SELECT account_id, to_char(day, 'YYYY-MM-DD') AS day, key_id, endpoint, model, requests, billed_requests,
       errors, cached_requests, tokens_in, tokens_out, cost_paisa, latency_ms_sum
     FROM usage_daily ORDER BY account_id, day, key_id, endpoint, model`,
  );
  return rows;
}

/** The same rollups computed from the raw events, for comparison. */
async function fromEvents(): Promise<Daily[]> {
  const { rows } = await pool().query<Daily>(
    `SELECT account_id, to_char((created_at AT TIME ZONE 'Asia/Karachi')::date, 'YYYY-MM-DD') AS day,
       coalesce(key_id, '') AS key_id, endpoint, model, count(*)::int AS requests,
       (count(*) FILTER (WHERE billed))::int AS billed_requests, (count(*) FILTER (WHERE status >= 400))::int AS errors,
       (count(*) FILTER (WHERE cached))::int AS cached_requests, sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out, sum(cost_paisa) AS cost_paisa,
       sum(latency_ms) AS latency_ms_sum
     FROM usage_events GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
  );
  return rows;
}

describe("the batch writer", () => {
  const write = batchWriter(pool, "Asia/Karachi");

  it("stores events and their daily rollups in one transaction, days in the business time zone", async () => {
    await write([
      event("r1"),
      event("r2", { model: "demo-chat-pro", tokensIn: 7 }),
      event("r3", {
        status: 429,
        billed: false,
        tokensIn: 0,
        tokensOut: 0,
        costPaisa: 0,
        errorCode: "rate_limit_exceeded",
      }),
      event("r4", { keyId: null, accountId: "acct_b" }),
      // 23:59:59 and 00:00:00 in Karachi (UTC+5): two different days.
      event("r5", { createdAt: Date.parse("2026-11-27T18:59:59Z") }),
      event("r6", { createdAt: Date.parse("2026-11-27T19:00:00Z") }),
    ]);
    const daily = await rollups();
    expect(daily).toEqual(await fromEvents());
    const a = daily.filter((d) => d.account_id === "acct_a" && d.model === "demo-chat");
    expect(a.map((d) => [d.day, d.requests, d.errors])).toEqual([
      ["2026-11-27", 3, 1],
      ["2026-11-28", 1, 0],
    ]);
    expect(daily.find((d) => d.account_id === "acct_b")?.key_id).toBe("");
  });

  it("never counts a retried batch twice", async () => {
    const before = await rollups();
    await write([event("r1"), event("r2", { model: "demo-chat-pro", tokensIn: 7 })]);
    expect(await rollups()).toEqual(before);
    await write([event("r1"), event("r7", { tokensIn: 100 })]);
    const after = await rollups();
    expect(after).toEqual(await fromEvents());
    const day = after.find(
      (d) => d.account_id === "acct_a" && d.model === "demo-chat" && d.day === "2026-11-27",
    );
    expect(day?.requests).toBe(4);
    expect(Number(day?.tokens_in)).toBe(10 + 0 + 10 + 100);
  });

  it("writes a thousand rows in one go", async () => {
    const batch = Array.from({ length: 1000 }, (_, i) =>
      event(`bulk_${i}`, { accountId: `acct_${i % 7}` }),
    );
    await write(batch);
    const { rows } = await pool().query<{ n: string }>(
      "SELECT count(*) AS n FROM usage_events WHERE id LIKE 'bulk_%'",
    );
    expect(Number(rows[0].n)).toBe(1000);
    expect(await rollups()).toEqual(await fromEvents());
  });

  // 250 rows: three slices of SLICE_ROWS (100), the last one short; strings COPY and array
  // literals must escape.
  const awkward = [
    'quo"te',
    "back\\slash",
    "com,ma",
    "{brace}",
    "NULL",
    "ünï ☃",
    "",
    "tab\there",
    "new\nline\r\n",
    "\\N",
    "\\.",
  ];
  function awkwardBatch(prefix: string): UsageEventRow[] {
    return Array.from({ length: 250 }, (_, i) =>
      event(`${prefix}_${String(i).padStart(3, "0")}`, {
        accountId: `acct_s${i % 3}`,
        keyId: i % 5 === 0 ? null : `key_${i}`,
        model: awkward[i % awkward.length],
        status: i % 4 === 0 ? 429 : 200,
        tokensIn: i,
        tokensOut: 1000 - i,
        latencyMs: i * 3,
        cached: i % 2 === 0,
        estimated: i % 3 === 0,
        billed: i % 4 !== 0,
        errorCode: i % 4 === 0 ? "rate_limit_exceeded" : null,
        costPaisa: i * 7,
        createdAt: Date.parse("2026-11-27T12:00:00Z") + i * 13,
      }),
    );
  }

  async function expectStored(prefix: string, batch: UsageEventRow[]) {
    const { rows } = await pool().query(
      `SELECT id, account_id, key_id, model, status, tokens_in, tokens_out, latency_ms, cached,
         estimated, billed, error_code, cost_paisa, (extract(epoch FROM created_at) * 1000)::bigint AS ms
       FROM usage_events WHERE id LIKE $1 ORDER BY id`,
      [`${prefix}_%`],
    );
    expect(rows).toEqual(
      batch.map((e) => ({
        id: e.id,
        account_id: e.accountId,
        key_id: e.keyId,
        model: e.model,
        status: e.status,
        tokens_in: e.tokensIn,
        tokens_out: e.tokensOut,
        latency_ms: e.latencyMs,
        cached: e.cached,
        estimated: e.estimated,
        billed: e.billed,
        error_code: e.errorCode,
        cost_paisa: e.costPaisa,
        ms: String(e.createdAt),
      })),
    );
    expect(await rollups()).toEqual(await fromEvents());
  }

  it("stores every column of every row exactly, across the slices a batch is copied in", async () => {
    const batch = awkwardBatch("slice");
    await write(batch);
    await expectStored("slice", batch);
  });

  it("stores the same when a batch repeating a stored event is written again without it", async () => {
    const batch = awkwardBatch("again");
    await write(batch.slice(0, 1));
    await write(batch);
    await expectStored("again", batch);
  });

  it("leaves nothing behind from a batch Postgres refuses, and writes the next one", async () => {
    const before = await rollups();
    const bad = awkwardBatch("bad");
    bad[180] = { ...bad[180], latencyMs: 1.5 }; // not an integer: refused in the second slice
    await expect(write(bad)).rejects.toThrow(/integer/);
    expect(await rollups()).toEqual(before);
    const { rows } = await pool().query("SELECT 1 FROM usage_events WHERE id LIKE 'bad_%'");
    expect(rows).toHaveLength(0);
    const good = awkwardBatch("good");
    await write(good);
    await expectStored("good", good);
  });
});
