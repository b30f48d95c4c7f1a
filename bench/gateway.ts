import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { redisReachable, TEST_REDIS_URL } from "@/lib/gateway/test-support/redis";
import { buildIsStale } from "@/lib/server/build";
import { type LoadResult, load, loadClient } from "./load";
import { freePort, type Running, startProcess } from "./processes";
import { report } from "./report";
import { type BenchDatabase, benchDatabase } from "./setup";

/**
 * `npm run bench`: the gateway through the real `npm start` mount (node:http in front of Next)
 * against a bare node:http server answering the same JSON, and the Next-mounted /api/v1 route
 * against a trivial Next route handler (`next start`), at 50 connections with wrk (autocannon
 * without it; see load.ts). An unlimited key, the demo upstream, non-streaming chat completions.
 * The rows compared with each other are measured in alternating rounds (BENCH_ROUNDS, default 3).
 * Printed beside them, for information: the least a metered gateway can do
 * (bench/ceiling-server.ts), the same writing no usage (also in the rounds), `npm start` with
 * DARWAZA_WORKERS=2 (when Redis is reachable), and the gateway while clients load pages from the
 * same `npm start`.
 *
 * Also in the rounds, on the same `npm start`: calls past the allowance paid from credit under
 * spend caps (hold and settle on every call), whose throughput should stay ≥ 90% of the plain
 * gateway's.
 *
 * The whole run holds /tmp/darwaza-build.lock (builds on this shared machine never overlap, nor
 * skew the numbers); it builds first when the build is missing or stale.
 */
const LOCK = "/tmp/darwaza-build.lock";
const root = path.resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

if (process.env.DARWAZA_BENCH_LOCKED !== "1") {
  const result = spawnSync("flock", [LOCK, "npx", "tsx", path.join(root, "bench/gateway.ts")], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DARWAZA_BENCH_LOCKED: "1" },
  });
  process.exit(result.status ?? 1);
}

if (buildIsStale(root)) {
  console.log("bench: building (npm run build) …");
  const build = spawnSync("npm", ["run", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Interrupted (Ctrl-C, a timeout): exit, which kills the servers started (see startProcess).
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

const chatBody = JSON.stringify({
  model: "demo-chat",
  messages: [{ role: "user", content: "Hello, how are you today?" }],
  max_tokens: 16,
});
function chat(key: string) {
  return {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: chatBody,
  };
}
const running: Running[] = [];

/** package.json's start script as node arguments ("node --flag server/start.mjs" → its args). */
function npmStartArgs(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const [command, ...args] = String(manifest.scripts.start).split(/\s+/);
  if (command !== "node") throw new Error(`unexpected start script: ${manifest.scripts.start}`);
  return args.map((arg) => (arg.startsWith("server/") ? path.join(root, arg) : arg));
}

/** The node flags of package.json's start script (--max-semi-space-size …). */
function nodeFlags(): string[] {
  return npmStartArgs().filter((arg) => arg.startsWith("--"));
}

/** Alternating rounds of the measurements compared with each other (BENCH_ROUNDS). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Rounds of one measurement as one: mean throughput, median p50 and p99 (each round's own p99
 * is printed as it is measured), all failures.
 */
function combine(name: string, rounds: LoadResult[]): LoadResult {
  return {
    name,
    requestsPerSecond: rounds.reduce((sum, r) => sum + r.requestsPerSecond, 0) / rounds.length,
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

async function measure(
  name: string,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  await load(`${name} (warm-up)`, url, { ...options, seconds: 3 });
  const result = await load(name, url, { ...options, seconds: SECONDS });
  console.log(
    `bench: ${name}: ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99} ms`,
  );
  return result;
}

/**
 * A phase with its own database: tens of thousands of usage events from one phase would
 * otherwise leave autovacuum and a larger index working through the next one.
 */
async function withDatabase<T>(phase: (database: BenchDatabase) => Promise<T>): Promise<T> {
  const database = await benchDatabase();
  try {
    return await phase(database);
  } finally {
    for (const server of running.splice(0)) await server.stop();
    await database.drop();
  }
}

async function start(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  readyUrl: string,
  ready?: (status: number) => boolean,
): Promise<void> {
  running.push(await startProcess(name, command, args, env, readyUrl, 120_000, ready));
}

console.log(`bench: load generator ${loadClient()}, 50 connections, ${SECONDS} s per measurement`);
const serverEnv = (database: BenchDatabase, port: number) => ({
  ...database.env,
  HOST: "127.0.0.1",
  DARWAZA_SKIP_BUILD: "1",
  PORT: String(port),
});
/**
 * `npm start`'s command, minus npm (npm 11 does not pass SIGTERM on, and an orphaned server would
 * skew every later measurement); resolves with its base URL once Next answers.
 */
async function startNpm(
  name: string,
  database: BenchDatabase,
  env: Record<string, string> = {},
): Promise<string> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  await start(
    name,
    process.execPath,
    npmStartArgs(),
    { ...serverEnv(database, port), ...env },
    `${base}/api/bench/ping`,
  );
  return base;
}

/**
 * The gateway while pages render: the same chat load, and meanwhile PAGE_CLIENTS clients loading
 * the sign-in page (server-rendered by Next, in the web process) as fast as they can. For
 * information: what API callers feel while people use the portal.
 */
const PAGE_CLIENTS = 4;
async function whilePagesRender(base: string, database: BenchDatabase) {
  const pages = load("pages", `${base}/signin`, { seconds: SECONDS, connections: PAGE_CLIENTS });
  const gateway = await load(
    "gateway while pages render (npm start)",
    `${base}/api/v1/chat/completions`,
    { ...chat(database.key), seconds: SECONDS },
  );
  const result = {
    gateway,
    pages: { ...(await pages), name: `${PAGE_CLIENTS} clients loading /signin (npm start)` },
  };
  console.log(
    `bench: ${gateway.name}: ${Math.round(gateway.requestsPerSecond)} req/s, p99 ${gateway.p99} ms; pages ${Math.round(result.pages.requestsPerSecond)} req/s, p99 ${result.pages.p99} ms`,
  );
  return result;
}

function reference(name: string, body: string, metering: "on" | "off"): Promise<LoadResult> {
  return withDatabase(async (database) => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/v1/chat/completions`;
    await start(
      "ceiling",
      process.execPath,
      // With npm start's node flags, so that the bound and the gateway run on the same node.
      [...nodeFlags(), "--import", "tsx", path.join(root, "bench/ceiling-server.ts")],
      { ...serverEnv(database, port), BARE_BODY: body, BENCH_METERING: metering },
      url,
      (status) => status === 401,
    );
    return measure(name, url, chat(database.key));
  });
}

try {
  // 1–3. The gateway through `npm start`, the bare baseline and the references, in alternating
  // rounds: this machine's speed drifts by tens of percent within minutes (noisy neighbours), and
  // one phase after the other would compare a fast minute with a slow one. Each round of each
  // server has its own fresh process and database.
  const gateways: LoadResult[] = [];
  const credited: LoadResult[] = [];
  const bares: LoadResult[] = [];
  const ceilings: LoadResult[] = [];
  const unmetered: LoadResult[] = [];
  let customPing: LoadResult | null = null;
  let underPages: { gateway: LoadResult; pages: LoadResult } | null = null;
  for (let round = 1; round <= ROUNDS; round++) {
    const tag = ROUNDS > 1 ? ` #${round}` : "";
    // `npm start`: /api/v1 on node:http, the rest through Next.
    const main = await withDatabase(async (database) => {
      const base = await startNpm("npm start", database);
      const sample = await fetch(`${base}/api/v1/chat/completions`, chat(database.key));
      const sampleBody = await sample.text();
      if (sample.status !== 200)
        throw new Error(`gateway answered ${sample.status}: ${sampleBody}`);
      const gateway = await measure(
        `gateway /api/v1 (npm start, node:http)${tag}`,
        `${base}/api/v1/chat/completions`,
        chat(database.key),
      );
      const paid = await fetch(`${base}/api/v1/chat/completions`, chat(database.creditKey));
      if (paid.status !== 200)
        throw new Error(`credit call answered ${paid.status}: ${await paid.text()}`);
      const credit = await measure(
        `gateway, every call paid from credit under caps${tag}`,
        `${base}/api/v1/chat/completions`,
        chat(database.creditKey),
      );
      const ping =
        round === 1
          ? await measure("trivial Next route (npm start)", `${base}/api/bench/ping`)
          : null;
      const underPages = round === 1 ? await whilePagesRender(base, database) : null;
      return { gateway, credit, sampleBody, ping, underPages };
    });
    gateways.push(main.gateway);
    credited.push(main.credit);
    customPing ??= main.ping;
    underPages ??= main.underPages;

    // The baseline: bare node:http answering the same JSON.
    bares.push(
      await withDatabase(async (database) => {
        const port = await freePort();
        await start(
          "bare",
          process.execPath,
          [path.join(root, "bench/bare-server.mjs")],
          { PORT: String(port), BARE_BODY: main.sampleBody },
          `http://127.0.0.1:${port}/`,
        );
        return measure(
          `bare node:http, same JSON${tag}`,
          `http://127.0.0.1:${port}/`,
          chat(database.key),
        );
      }),
    );

    // The reference: the least a metered gateway can do (bench/ceiling-server.ts); then the same
    // server writing no usage, which shows what metering into this machine's Postgres costs.
    ceilings.push(
      await reference(`least metered gateway (reference)${tag}`, main.sampleBody, "on"),
    );
    unmetered.push(await reference(`reference, usage not written${tag}`, main.sampleBody, "off"));
  }
  if (!customPing || !underPages) throw new Error("round 1 measured too little");
  const gateway = combine("gateway /api/v1 (npm start, node:http)", gateways);
  const bare = combine("bare node:http, same JSON", bares);
  const ceiling = combine("least metered gateway (reference)", ceilings);
  const unmeteredReference = combine("reference, usage not written", unmetered);

  // The same with DARWAZA_WORKERS=2 (one process per core; workers need Redis and Stripe
  // keys, never called here). For information: the goals compare one process with one process.
  const workers = (await redisReachable(TEST_REDIS_URL))
    ? await withDatabase(async (database) => {
        const base = await startNpm("npm start, 2 workers", database, {
          DARWAZA_WORKERS: "2",
          REDIS_URL: TEST_REDIS_URL,
          STRIPE_SECRET_KEY: "sk_test_bench_never_called",
        });
        return measure(
          "gateway /api/v1 (npm start, 2 workers)",
          `${base}/api/v1/chat/completions`,
          chat(database.key),
        );
      })
    : null;

  // 4. Plain `next start`: the route handlers under app/api/v1 against a trivial one.
  const next = await withDatabase(async (database) => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    await start(
      "next start",
      path.join(root, "node_modules/.bin/next"),
      ["start", "-p", String(port), "-H", "127.0.0.1"],
      serverEnv(database, port),
      `${base}/api/bench/ping`,
    );
    const get = await measure("trivial Next route, GET (next start)", `${base}/api/bench/ping`);
    // Like for like with POST /api/v1: the same POST with the same body, read, then Response.json.
    // Next's throughput here drifts by tens of percent within a minute on a shared machine, so
    // the two are measured in alternation and each summed over the rounds.
    const pings: LoadResult[] = [];
    const routed: LoadResult[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      pings.push(
        await measure(
          `trivial Next route, POST (next start) #${round}`,
          `${base}/api/bench/ping`,
          chat(database.key),
        ),
      );
      routed.push(
        await measure(
          `gateway /api/v1 (next start, route handler) #${round}`,
          `${base}/api/v1/chat/completions`,
          chat(database.key),
        ),
      );
    }
    return {
      get,
      ping: combine("trivial Next route, POST (next start)", pings),
      gateway: combine("gateway /api/v1 (next start, route handler)", routed),
    };
  });

  const verdict = report({
    bare,
    gateway,
    ceiling,
    unmetered: unmeteredReference,
    workers,
    customPing,
    underPages,
    nextGet: next.get,
    nextPing: next.ping,
    nextGateway: next.gateway,
  });
  for (const line of verdict.lines) console.log(line);
  const paid = combine("gateway, every call paid from credit under caps", credited);
  const ratio = paid.requestsPerSecond / gateway.requestsPerSecond;
  console.log(
    `bench: credit and caps in the admission path: ${Math.round(paid.requestsPerSecond)} req/s (p99 ${paid.p99} ms, ${paid.non2xx} non-2xx) = ${(ratio * 100).toFixed(1)}% of the plain gateway's ${Math.round(gateway.requestsPerSecond)} req/s (target ≥ 90%)${ratio >= 0.9 ? "" : " — BELOW TARGET"}`,
  );
  process.exitCode = verdict.ok ? 0 : 1;
} finally {
  for (const server of running) await server.stop();
}
