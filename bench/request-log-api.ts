/**
 * The HTTP half of `npm run bench:requests` (bench/request-log.ts runs it under the build lock):
 * builds when stale, starts `npm start` on DATABASE_URL, signs in as the account's first member
 * with a session cookie minted with the server's NEXTAUTH_SECRET, and times
 * GET /api/dashboard/requests for each query string of BENCH_REQUESTS_INPUT, sequentially.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { buildIsStale } from "@/lib/server/build";
import { freePort, startProcess } from "./processes";

export interface ApiTime {
  median: number;
  p95: number;
  rows: number;
}

export interface ApiTimes {
  /** The same route refusing a bad filter (400): session, Next and JSON, no log query. */
  floor: ApiTime;
  pages: ApiTime[];
}

const root = path.resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
}

async function timeApi(url: string, cookie: string, status = 200): Promise<ApiTime> {
  const times: number[] = [];
  let rows = 0;
  for (let run = 0; run < RUNS + 3; run++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    const body = (await response.json()) as { data?: unknown[] };
    const elapsed = performance.now() - started;
    if (response.status !== status)
      throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
    rows = body.data?.length ?? 0;
    // The first three warm the route, the plans and the cache.
    if (run >= 3) times.push(elapsed);
  }
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95), rows };
}

async function sessionCookie(db: pg.Pool, accountId: string, secret: string): Promise<string> {
  const { rows } = await db.query<{ id: string; email: string; session_version: number }>(
    `SELECT u.id, u.email, u.session_version FROM users u
       JOIN memberships m ON m.user_id = u.id WHERE m.account_id = $1
      ORDER BY m.created_at LIMIT 1`,
    [accountId],
  );
  const user = rows[0];
  if (!user) throw new Error(`no user for account ${accountId}`);
  const token = await encode({
    token: { sub: user.id, email: user.email, name: null, sv: user.session_version },
    secret,
    maxAge: 3600,
  });
  return `next-auth.session-token=${token}`;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const input = process.env.BENCH_REQUESTS_INPUT;
  const output = process.env.BENCH_REQUESTS_OUTPUT;
  if (!databaseUrl || !input || !output) throw new Error("run through npm run bench:requests");
  const { accountId, queries } = JSON.parse(readFileSync(input, "utf8")) as {
    accountId: string;
    queries: string[];
  };
  if (buildIsStale(root)) {
    console.log("bench:requests: building (npm run build) …");
    const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("build failed");
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const secret = randomBytes(32).toString("hex");
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const args = String(manifest.scripts.start)
    .split(/\s+/)
    .slice(1)
    .map((arg: string) => (arg.startsWith("server/") ? path.join(root, arg) : arg));
  const server = await startProcess(
    "npm start",
    process.execPath,
    args,
    {
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: secret,
      DARWAZA_DATA_DIR: mkdtempSync(path.join(tmpdir(), "darwaza-bench-requests-")),
      DARWAZA_SKIP_BUILD: "1",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      REDIS_URL: "",
    },
    `${base}/api/health`,
  );
  const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const cookie = await sessionCookie(db, accountId, secret);
    const floor = await timeApi(`${base}/api/dashboard/requests?status=teapot`, cookie, 400);
    console.log(`  API floor (400, no query): median ${Math.round(floor.median * 10) / 10} ms`);
    const pages: ApiTime[] = [];
    for (const query of queries) {
      const result = await timeApi(`${base}/api/dashboard/requests${query}`, cookie);
      pages.push(result);
      console.log(`  API ${query.slice(0, 70)}: median ${Math.round(result.median * 10) / 10} ms`);
    }
    writeFileSync(output, JSON.stringify({ floor, pages } satisfies ApiTimes));
  } finally {
    await db.end();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
