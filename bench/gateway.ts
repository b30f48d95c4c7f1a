import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildIsStale } from "@/lib/server/build";
import { load } from "./load";
import { freePort, type Running, startProcess } from "./processes";
import { report } from "./report";
import { benchDatabase } from "./setup";

/**
 * `npm run bench`: the gateway through the real `npm start` mount (node:http in front of Next)
 * against a bare node:http server answering the same JSON, and the Next-mounted /api/v1 route
 * against a trivial Next route handler (`next start`), at 50 connections with autocannon (its own
 * process). An unlimited key, the demo upstream, non-streaming chat completions.
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

const database = await benchDatabase();
const chatBody = JSON.stringify({
  model: "demo-chat",
  messages: [{ role: "user", content: "Hello, how are you today?" }],
  max_tokens: 16,
});
const chat = {
  method: "POST",
  headers: { "content-type": "application/json", authorization: `Bearer ${database.key}` },
  body: chatBody,
};
const running: Running[] = [];

/** package.json's start script as node arguments ("node --flag server/start.mjs" → its args). */
function npmStartArgs(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const [command, ...args] = String(manifest.scripts.start).split(/\s+/);
  if (command !== "node") throw new Error(`unexpected start script: ${manifest.scripts.start}`);
  return args.map((arg) => (arg.startsWith("server/") ? path.join(root, arg) : arg));
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

try {
  const env = { ...database.env, HOST: "127.0.0.1", DARWAZA_SKIP_BUILD: "1" };

  // 1. `npm start`: /api/v1 on node:http, the rest through Next. Its command, minus npm: npm 11
  // does not pass SIGTERM on, and an orphaned server would skew every later measurement.
  const port = await freePort();
  const app = await startProcess(
    "npm start",
    process.execPath,
    npmStartArgs(),
    { ...env, PORT: String(port) },
    `http://127.0.0.1:${port}/api/bench/ping`,
  );
  running.push(app);
  const sample = await fetch(`http://127.0.0.1:${port}/api/v1/chat/completions`, chat);
  if (sample.status !== 200)
    throw new Error(`gateway answered ${sample.status}: ${await sample.text()}`);
  const sampleBody = await sample.text();
  const gateway = await measure(
    "gateway /api/v1 (npm start, node:http)",
    `http://127.0.0.1:${port}/api/v1/chat/completions`,
    chat,
  );
  const customPing = await measure(
    "trivial Next route (npm start)",
    `http://127.0.0.1:${port}/api/bench/ping`,
  );
  await app.stop();

  // 2. The baseline: bare node:http answering the same JSON.
  const barePort = await freePort();
  const bare = await startProcess(
    "bare",
    process.execPath,
    [path.join(root, "bench/bare-server.mjs")],
    { PORT: String(barePort), BARE_BODY: sampleBody },
    `http://127.0.0.1:${barePort}/`,
  );
  running.push(bare);
  const bareResult = await measure(
    "bare node:http, same JSON",
    `http://127.0.0.1:${barePort}/`,
    chat,
  );
  await bare.stop();

  // 3. Plain `next start`: the route handlers under app/api/v1 against a trivial one.
  const nextPort = await freePort();
  const next = await startProcess(
    "next start",
    path.join(root, "node_modules/.bin/next"),
    ["start", "-p", String(nextPort), "-H", "127.0.0.1"],
    env,
    `http://127.0.0.1:${nextPort}/api/bench/ping`,
  );
  running.push(next);
  const nextGet = await measure(
    "trivial Next route, GET (next start)",
    `http://127.0.0.1:${nextPort}/api/bench/ping`,
  );
  // Like for like with POST /api/v1: the same POST with the same body, read, then Response.json.
  const nextPing = await measure(
    "trivial Next route, POST (next start)",
    `http://127.0.0.1:${nextPort}/api/bench/ping`,
    chat,
  );
  const nextGateway = await measure(
    "gateway /api/v1 (next start, route handler)",
    `http://127.0.0.1:${nextPort}/api/v1/chat/completions`,
    chat,
  );
  await next.stop();

  const verdict = report({ bare: bareResult, gateway, customPing, nextGet, nextPing, nextGateway });
  for (const line of verdict.lines) console.log(line);
  process.exitCode = verdict.ok ? 0 : 1;
} finally {
  for (const process of running) await process.stop();
  await database.drop();
}
