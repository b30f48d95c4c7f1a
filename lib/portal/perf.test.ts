import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import { pool } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { businessMonth } from "./days";
import { accountOverview } from "./overview";
import { recentRequests } from "./recent-requests";
import { usageCsv } from "./usage-export";
import { usageSeries } from "./usage-series";

/**
 * One heavy customer: DARWAZA_PORTAL_BENCH_EVENTS events (1,000,000 by default) over 30 days and
 * 20 keys, plus another account's noise. Every portal query must stay well under a second,
 * because charts read rollups and tables read LIMITed index ranges, never a scan of the events.
 */
const EVENTS = Number(process.env.DARWAZA_PORTAL_BENCH_EVENTS ?? 1_000_000);

async function timed(work: () => Promise<unknown>): Promise<number> {
  await work(); // warm: plans cached, pages in shared buffers
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return Math.round(times.sort((a, b) => a - b)[2]);
}

// Events spread over the last 30 days, 20 keys, 3 endpoints; rollups built the way the writer
// keeps them (per business day, key, endpoint, model). $1 heavy account, $2 other, $3 events.
const SEED: [sql: string, params: ("heavy" | "other" | "events")[]][] = [
  [
    `INSERT INTO api_keys (id, account_id, label, hash, prefix, last4, updated_at)
     SELECT 'key_' || k, $1, 'key ' || k, md5($1 || k), 'sk-', lpad(k::text, 4, '0'), now()
     FROM generate_series(1, 20) AS k`,
    ["heavy"],
  ],
  [
    `INSERT INTO usage_events (id, account_id, key_id, endpoint, model, status, tokens_in,
       tokens_out, latency_ms, billed, cost_paisa, created_at)
     SELECT 'ev_' || i, CASE WHEN i % 50 = 0 THEN $2 ELSE $1 END, 'key_' || (i % 20 + 1),
       (ARRAY['chat.completions', 'images.generations', 'audio.speech'])[i % 3 + 1], 'demo-chat',
       CASE WHEN i % 40 = 0 THEN 429 ELSE 200 END, 40, 60, 5, i % 40 <> 0, 1,
       now() - (i::double precision / $3) * interval '30 days'
     FROM generate_series(1, $3::int) AS i`,
    ["heavy", "other", "events"],
  ],
  [
    `INSERT INTO usage_daily (account_id, day, key_id, endpoint, model, requests, billed_requests,
       errors, cached_requests, tokens_in, tokens_out, cost_paisa, latency_ms_sum)
     SELECT account_id, (created_at AT TIME ZONE 'Asia/Karachi')::date, key_id, endpoint, model,
       count(*), count(*) FILTER (WHERE billed), count(*) FILTER (WHERE status >= 400), 0,
       sum(tokens_in), sum(tokens_out), sum(cost_paisa), sum(latency_ms)
     FROM usage_events GROUP BY 1, 2, 3, 4, 5`,
    [],
  ],
  ["ANALYZE usage_events", []],
  ["ANALYZE usage_daily", []],
];

describe(`portal queries with ${EVENTS.toLocaleString("en-US")} usage events`, () => {
  let testServices: TestServices;
  let accountId: string;

  beforeAll(async () => {
    testServices = await setUpTestServices({ env: { DARWAZA_TIMEZONE: "Asia/Karachi" } });
    const heavy = await createUserWithAccount({ email: "heavy@example.com" });
    const other = await createUserWithAccount({ email: "other@example.com" });
    if (!heavy || !other) throw new Error("setup");
    accountId = heavy.account.id;
    const started = performance.now();
    const values = { heavy: accountId, other: other.account.id, events: EVENTS };
    for (const [sql, params] of SEED)
      await pool().query(
        sql,
        params.map((name) => values[name]),
      );
    console.log(
      `portal perf: seeded ${EVENTS} events in ${Math.round(performance.now() - started)} ms`,
    );
  }, 600_000);
  afterAll(() => testServices?.teardown());

  it("every page's queries answer in well under a second", async () => {
    const month = businessMonth();
    const results = {
      overview: await timed(() => accountOverview(accountId)),
      chartsByKey: await timed(() => usageSeries(accountId, "key")),
      chartsByEndpoint: await timed(() => usageSeries(accountId, "endpoint")),
      recentRequests: await timed(() => recentRequests(accountId, { limit: 50 })),
      recentForOneKey: await timed(() => recentRequests(accountId, { keyId: "key_7", limit: 50 })),
      csvFirst1000Rows: await timed(async () => {
        const lines = usageCsv(accountId, month);
        for (let i = 0; i < 1001; i++) if ((await lines.next()).done) break;
        await lines.return(undefined);
      }),
    };
    console.log(`portal perf (median ms): ${JSON.stringify(results)}`);
    for (const [name, ms] of Object.entries(results)) expect(ms, name).toBeLessThan(1_000);
  }, 120_000);
});
