/**
 * `npm run bench:requests`: the customer request log on a big history (`npm run seed:10m` into
 * DATABASE_URL first). For the account with the most calls in the last 30 days it times
 *   1. the page query itself: EXPLAIN (ANALYZE, BUFFERS) of the first page for each filter
 *      combination, a page deep in the window by cursor and the window's last page; median of
 *      BENCH_RUNS runs, with the index the plan used;
 *   2. GET /api/dashboard/requests end to end through `npm start` (signed in with a session
 *      cookie minted with the server's NEXTAUTH_SECRET), the same pages, median and p95.
 * Goal: the first page ≤ 50 ms at 10M events. The HTTP half (bench/request-log-api.ts) holds
 * /tmp/darwaza-build.lock: it may build. Applies pending migrations first (the log's index).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "@/lib/migrate";
import { requestLogSince } from "@/lib/portal/request-log";
import { encodeCursor, parseStatus } from "@/lib/portal/request-log-query";
import {
  type RequestLogCursor,
  type RequestLogFilter,
  requestLogSql,
} from "@/lib/usage/request-log";
import type { ApiTimes } from "./request-log-api";

const LOCK = "/tmp/darwaza-build.lock";
const root = path.resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const PAGE = 50;

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("bench:requests needs DATABASE_URL (a database seeded by `npm run seed:10m`)");
  process.exit(2);
}

interface Scenario {
  name: string;
  filter: RequestLogFilter;
  cursor?: RequestLogCursor;
  /** The same page as the API's query string. */
  query: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/** The distinct index names the plan scans (one per partition), shortened to their suffix. */
function indexesOf(node: PlanNode, found = new Set<string>()): Set<string> {
  if (node["Index Name"])
    found.add(node["Index Name"].replace(/^usage_events_(p\d+|default)_/, "…_"));
  for (const child of node.Plans ?? []) indexesOf(child, found);
  return found;
}

const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });

async function explain(accountId: string, since: Date, scenario: Scenario) {
  const { text, params } = requestLogSql(accountId, {
    since,
    filter: scenario.filter,
    cursor: scenario.cursor ?? null,
    limit: PAGE + 1,
  });
  const times: number[] = [];
  let plan: PlanNode | null = null;
  let rows = 0;
  let buffers = 0;
  for (let run = 0; run < RUNS + 2; run++) {
    const { rows: out } = await db.query<{ "QUERY PLAN": unknown[] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`,
      params,
    );
    const result = out[0]["QUERY PLAN"][0] as {
      Plan: PlanNode & {
        "Actual Rows": number;
        "Shared Hit Blocks": number;
        "Shared Read Blocks": number;
      };
      "Execution Time": number;
      "Planning Time": number;
    };
    // The first two runs warm the cache and the plan.
    if (run >= 2) times.push(result["Execution Time"] + result["Planning Time"]);
    plan = result.Plan;
    rows = result.Plan["Actual Rows"];
    buffers = result.Plan["Shared Hit Blocks"] + result.Plan["Shared Read Blocks"];
  }
  return {
    ms: median(times),
    rows,
    buffers,
    indexes: plan ? [...indexesOf(plan)].join(", ") : "",
  };
}

/** The HTTP half builds and starts a server: it holds the machine's build lock, the queries don't. */
function httpHalf(accountId: string, scenarios: Scenario[]): ApiTimes {
  const io = mkdtempSync(path.join(tmpdir(), "darwaza-bench-requests-io-"));
  try {
    const input = path.join(io, "input.json");
    const output = path.join(io, "output.json");
    writeFileSync(input, JSON.stringify({ accountId, queries: scenarios.map((s) => s.query) }));
    const api = spawnSync(
      "flock",
      [LOCK, "npx", "tsx", path.join(root, "bench/request-log-api.ts")],
      {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, BENCH_REQUESTS_INPUT: input, BENCH_REQUESTS_OUTPUT: output },
      },
    );
    if (api.status !== 0) throw new Error("the API half failed");
    return JSON.parse(readFileSync(output, "utf8")) as ApiTimes;
  } finally {
    rmSync(io, { recursive: true, force: true });
  }
}

async function main() {
  console.log(
    "bench:requests: applying migrations (the first time, this builds the log's index) …",
  );
  const migrateStarted = performance.now();
  await applyMigrations(databaseUrl as string);
  console.log(
    `bench:requests: migrations done in ${Math.round(performance.now() - migrateStarted)} ms`,
  );

  const { rows: counts } = await db.query<{ events: string }>(
    "SELECT count(*)::text AS events FROM usage_events",
  );
  const since = requestLogSince();
  const { rows: heavy } = await db.query<{ account_id: string; requests: string }>(
    `SELECT account_id, sum(requests)::text AS requests FROM usage_daily
      WHERE day >= $1::date GROUP BY account_id ORDER BY sum(requests) DESC LIMIT 1`,
    [since],
  );
  if (!heavy[0]) throw new Error("no usage in the last 30 days: run `npm run seed:10m` first");
  const accountId = heavy[0].account_id;
  const { rows: picks } = await db.query<{ key_id: string; model: string; endpoint: string }>(
    `SELECT (SELECT key_id FROM usage_daily WHERE account_id = $1 AND day >= $2::date
              GROUP BY key_id ORDER BY sum(requests) DESC LIMIT 1) AS key_id,
            (SELECT model FROM usage_daily WHERE account_id = $1 AND day >= $2::date AND model <> ''
              GROUP BY model ORDER BY sum(requests) ASC LIMIT 1) AS model,
            (SELECT endpoint FROM usage_daily WHERE account_id = $1 AND day >= $2::date
              GROUP BY endpoint ORDER BY sum(requests) ASC LIMIT 1) AS endpoint`,
    [accountId, since],
  );
  const { key_id: keyId, model, endpoint } = picks[0];
  console.log(
    `bench:requests: ${Number(counts[0].events).toLocaleString("en-US")} events; account ${accountId} has ${Number(heavy[0].requests).toLocaleString("en-US")} calls in the window; key ${keyId}, rarest model ${model}, endpoint ${endpoint}`,
  );

  // A cursor 10,000 rows deep (page 201), and the one whose page is the window's last.
  const { rows: deep } = await db.query<{ created_at: Date; id: string }>(
    `SELECT created_at, id FROM usage_events WHERE account_id = $1 AND created_at >= $2
      ORDER BY created_at DESC, id DESC OFFSET 9999 LIMIT 1`,
    [accountId, since],
  );
  const { rows: end } = await db.query<{ created_at: Date; id: string }>(
    `SELECT created_at, id FROM usage_events WHERE account_id = $1 AND created_at >= $2
      ORDER BY created_at, id OFFSET ${PAGE} LIMIT 1`,
    [accountId, since],
  );
  const oldest = end[0] ? { at: end[0].created_at, id: end[0].id } : { at: since, id: "0" };
  const q = (parts: Record<string, string | undefined>) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(parts)) if (value) query.set(name, value);
    query.set("limit", String(PAGE));
    return `?${query}`;
  };
  const s5xx = parseStatus("5xx") ?? undefined;
  const s2xx = parseStatus("2xx") ?? undefined;
  const s429 = parseStatus("429") ?? undefined;
  const scenarios: Scenario[] = [
    { name: "first page, no filter", filter: {}, query: q({}) },
    { name: "key", filter: { keyId }, query: q({ key: keyId }) },
    { name: "status 2xx", filter: { status: s2xx }, query: q({ status: "2xx" }) },
    { name: "status 5xx", filter: { status: s5xx }, query: q({ status: "5xx" }) },
    { name: "status 429", filter: { status: s429 }, query: q({ status: "429" }) },
    { name: `model (rarest: ${model})`, filter: { model }, query: q({ model }) },
    { name: `endpoint (rarest)`, filter: { endpoint }, query: q({ endpoint }) },
    {
      name: "key + 5xx + model + endpoint",
      filter: { keyId, status: s5xx, model, endpoint },
      query: q({ key: keyId, status: "5xx", model, endpoint }),
    },
    {
      name: "no match (status 503)",
      filter: { status: parseStatus("503") ?? undefined },
      query: q({ status: "503" }),
    },
  ];
  if (deep[0]) {
    const cursor = { at: deep[0].created_at, id: deep[0].id };
    scenarios.push({
      name: "page 201 by cursor (10,000 deep)",
      filter: {},
      cursor,
      query: q({ cursor: encodeCursor(cursor) }),
    });
    scenarios.push({
      name: "page 201, status 5xx",
      filter: { status: s5xx },
      cursor,
      query: q({ status: "5xx", cursor: encodeCursor(cursor) }),
    });
  }
  scenarios.push({
    name: "last page of the window",
    filter: {},
    cursor: oldest,
    query: q({ cursor: encodeCursor(oldest) }),
  });

  const queryTimes: (Awaited<ReturnType<typeof explain>> & { scenario: string })[] = [];
  for (const scenario of scenarios) {
    const result = await explain(accountId, since, scenario);
    queryTimes.push({ scenario: scenario.name, ...result });
    console.log(`  query ${scenario.name}: ${round(result.ms)} ms, ${result.rows} rows`);
  }

  const apiTimes = process.env.BENCH_QUERIES_ONLY === "1" ? null : httpHalf(accountId, scenarios);

  console.log(
    `\nbench:requests: ${Number(counts[0].events).toLocaleString("en-US")} events, ${RUNS} runs each, page of ${PAGE}`,
  );
  console.table(
    scenarios.map((scenario, i) => ({
      scenario: scenario.name,
      "query ms (median)": round(queryTimes[i].ms),
      rows: queryTimes[i].rows,
      buffers: queryTimes[i].buffers,
      "API ms (median)": apiTimes ? round(apiTimes.pages[i].median) : "-",
      "API ms (p95)": apiTimes ? round(apiTimes.pages[i].p95) : "-",
      index: queryTimes[i].indexes,
    })),
  );
  if (!apiTimes) return 0;
  console.log(
    `the route's floor (a 400 for a bad filter: session, Next, JSON): median ${round(apiTimes.floor.median)} ms, p95 ${round(apiTimes.floor.p95)} ms`,
  );
  const first = apiTimes.pages[0].median;
  console.log(
    `first page end to end: ${round(first)} ms (goal ≤ 50 ms): ${first <= 50 ? "PASS" : "FAIL"}`,
  );
  return first <= 50 ? 0 : 1;
}

main().then(
  (code) => db.end().then(() => process.exit(code)),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
