import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { costPerDay } from "./cost-per-day";

describe("cost per business day, from the events' exact micros", () => {
  let testServices: TestServices;

  beforeAll(async () => {
    testServices = await setUpTestServices();
    const events = [
      // 23:59:59 in Karachi (UTC+5) on 2 June, then midnight of 3 June.
      { id: "a", account: "acct", at: "2026-06-02T18:59:59Z", billed: true, micros: "1000001" },
      { id: "b", account: "acct", at: "2026-06-02T19:00:00Z", billed: true, micros: "250" },
      { id: "c", account: "acct", at: "2026-06-03T10:00:00Z", billed: true, micros: "9000000000" },
      // Not billed (a refused call), another account, outside the window: none of them counts.
      { id: "d", account: "acct", at: "2026-06-03T11:00:00Z", billed: false, micros: "777" },
      { id: "e", account: "other", at: "2026-06-03T11:00:00Z", billed: true, micros: "5" },
      { id: "f", account: "acct", at: "2026-06-04T19:00:00Z", billed: true, micros: "3" },
    ];
    await pool().query(
      `INSERT INTO usage_events (id, account_id, endpoint, status, billed, cost_micros, created_at)
       SELECT id, account, 'chat.completions', 200, billed, micros::bigint, at::timestamptz
         FROM json_to_recordset($1) AS e(id text, account text, at text, billed boolean, micros text)`,
      [JSON.stringify(events)],
    );
  });
  afterAll(() => testServices?.teardown());

  it("sums billed calls per day in the business time zone, for the one account, exactly", async () => {
    expect(await costPerDay("acct", "2026-06-02", "2026-06-04", "Asia/Karachi")).toEqual([
      { day: "2026-06-02", costMicros: 1_000_001n },
      { day: "2026-06-03", costMicros: 9_000_000_250n },
    ]);
    expect(await costPerDay("acct", "2026-06-02", "2026-06-05", "Asia/Karachi")).toContainEqual({
      day: "2026-06-05",
      costMicros: 3n,
    });
  });
});
