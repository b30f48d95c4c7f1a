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

let sequence = 0;
function event(accountId: string, createdAt: string, overrides: Partial<UsageEventRow> = {}) {
  sequence += 1;
  return {
    id: `m${sequence}`,
    accountId,
    keyId: `key_${sequence % 3}`,
    endpoint: sequence % 2 ? "chat.completions" : "images.generations",
    model: sequence % 2 ? "demo-chat" : "demo-image",
    upstream: "demo",
    status: sequence % 5 === 0 ? 429 : 200,
    tokensIn: sequence,
    tokensOut: 2 * sequence,
    latencyMs: 3,
    cached: sequence % 4 === 0,
    estimated: false,
    billed: sequence % 5 !== 0,
    errorCode: null,
    costPaisa: sequence % 5 === 0 ? 0 : 7,
    createdAt: Date.parse(createdAt),
    ...overrides,
  } satisfies UsageEventRow;
}

const COLUMNS =
  "requests, billed_requests, errors, cached_requests, tokens_in, tokens_out, cost_paisa, latency_ms_sum";

/** usage_monthly as stored, and as it should be: the sums of usage_daily per account and month. */
async function monthly(): Promise<{ stored: unknown[]; expected: unknown[] }> {
  const sums = COLUMNS.split(", ")
    .map((column) => `sum(${column})::text AS ${column}`)
    .join(", ");
  const [stored, expected] = await Promise.all([
    pool().query(
      `SELECT account_id, to_char(month, 'YYYY-MM') AS month, ${COLUMNS.split(", ")
        .map((column) => `${column}::text`)
        .join(", ")}
         FROM usage_monthly WHERE requests <> 0 OR tokens_in <> 0 ORDER BY 1, 2`,
    ),
    pool().query(
      `SELECT account_id, to_char(date_trunc('month', day), 'YYYY-MM') AS month, ${sums}
         FROM usage_daily GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
  ]);
  return { stored: stored.rows, expected: expected.rows };
}

describe("the usage_monthly rollup (kept by triggers on usage_daily)", () => {
  const write = batchWriter(pool, "Asia/Karachi");

  it("equals the daily rollups after new rows, updated rows and a retried batch", async () => {
    const first = [
      event("acct_a", "2026-10-31T18:59:59Z"), // still October in Karachi
      event("acct_a", "2026-10-31T19:00:00Z"), // November 1st in Karachi
      event("acct_b", "2026-11-15T10:00:00Z"),
      event("acct_a", "2026-11-20T10:00:00Z"),
    ];
    await write(first);
    // The same days and keys again: usage_daily rows are updated, not inserted.
    await write([event("acct_a", "2026-11-20T11:00:00Z", { keyId: first[3].keyId })]);
    await write(first);
    const { stored, expected } = await monthly();
    expect(stored).toEqual(expected);
    expect(stored).toHaveLength(3);
    const october = stored.find((row) => (row as { month: string }).month === "2026-10") as Record<
      string,
      string
    >;
    expect(october).toMatchObject({ account_id: "acct_a", requests: "1" });
  });

  it("stays exact under concurrent writers and follows deletes", async () => {
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 250 }, (_, i) =>
        event(`acct_${(b + i) % 5}`, `2026-11-${String(1 + (i % 27)).padStart(2, "0")}T08:00:00Z`),
      ),
    );
    await Promise.all(batches.map((batch) => write(batch)));
    let { stored, expected } = await monthly();
    expect(stored).toEqual(expected);
    const total = await pool().query<{ n: string }>(
      "SELECT sum(requests)::text AS n FROM usage_monthly",
    );
    const events = await pool().query<{ n: string }>(
      "SELECT count(*)::text AS n FROM usage_events",
    );
    expect(total.rows[0].n).toBe(events.rows[0].n);

    await pool().query("DELETE FROM usage_daily WHERE account_id = 'acct_1'");
    ({ stored, expected } = await monthly());
    expect(stored).toEqual(expected);
    expect(stored.some((row) => (row as { account_id: string }).account_id === "acct_1")).toBe(
      false,
    );
  });
});
