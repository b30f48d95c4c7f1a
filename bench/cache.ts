import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { type LoadResult, load } from "./load";
import { freePort, type Running, startProcess } from "./processes";
import { benchDatabase } from "./setup";

/**
 * `npm run bench` (after bench/gateway.ts), or `npx tsx bench/cache.ts`: the response cache. The
 * gateway alone on node:http (bench/gateway-server.ts, no build needed), an unlimited key, the
 * same deterministic chat request (temperature 0) as a miss (Cache-Control: no-cache: the
 * upstream is called and the answer stored each time) and as a hit, against the in-process demo
 * upstream and against a remote one on loopback (bench/bare-server.mjs answering instantly).
 * Holds /tmp/darwaza-build.lock like the other benches.
 */
const LOCK = "/tmp/darwaza-build.lock";
const root = path.resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

if (process.env.DARWAZA_BENCH_LOCKED !== "1") {
  const result = spawnSync("flock", [LOCK, "npx", "tsx", path.join(root, "bench/cache.ts")], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DARWAZA_BENCH_LOCKED: "1" },
  });
  process.exit(result.status ?? 1);
}

const REMOTE_ANSWER = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 1,
  model: "remote-chat",
  choices: [{ index: 0, message: { role: "assistant", content: "Hello!" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
});

const database = await benchDatabase();
const running: Running[] = [];

function request(model: string, miss: boolean) {
  return {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${database.key}`,
      ...(miss ? { "cache-control": "no-cache" } : {}),
    },
    body: JSON.stringify({
      model,
      temperature: 0,
      max_tokens: 16,
      messages: [{ role: "user", content: "Hello, how are you today?" }],
    }),
  };
}

/** Wait until a server answers at all (any status). */
async function listening(url: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not answer`);
}

function row(result: LoadResult): string {
  const rps = Math.round(result.requestsPerSecond).toLocaleString("en-US").padStart(8);
  const failed = result.errors + result.non2xx;
  return `${result.name.padEnd(34)} ${rps} req/s   p50 ${String(result.p50).padStart(4)} ms   p99 ${String(result.p99).padStart(5)} ms${failed ? `   (${failed} failed)` : ""}`;
}

try {
  const upstreamPort = await freePort();
  running.push(
    await startProcess(
      "upstream",
      process.execPath,
      [path.join(root, "bench/bare-server.mjs")],
      { PORT: String(upstreamPort), BARE_BODY: REMOTE_ANSWER },
      `http://127.0.0.1:${upstreamPort}/`,
    ),
  );
  const upstreamsFile = path.join(database.env.DARWAZA_DATA_DIR, "upstreams.json");
  writeFileSync(
    upstreamsFile,
    JSON.stringify({
      upstreams: [
        { id: "demo-llm", kind: "llm", baseUrl: "demo", models: [{ id: "demo-chat" }] },
        {
          id: "loopback",
          kind: "llm",
          baseUrl: `http://127.0.0.1:${upstreamPort}/v1`,
          models: [{ id: "remote-chat" }],
        },
      ],
    }),
  );
  const port = await freePort();
  running.push(
    await startProcess(
      "gateway",
      process.execPath,
      ["--import", "tsx", path.join(root, "bench/gateway-server.ts")],
      {
        ...database.env,
        PORT: String(port),
        DARWAZA_UPSTREAMS_FILE: upstreamsFile,
        DARWAZA_CACHE_TTL_SECONDS: "600",
      },
      // Already up: the gateway answers only /api/v1 (401 without a key), so wait for it below.
      `http://127.0.0.1:${upstreamPort}/`,
    ),
  );
  await listening(`http://127.0.0.1:${port}/api/v1/models`);
  const url = `http://127.0.0.1:${port}/api/v1/chat/completions`;
  const results: LoadResult[] = [];
  for (const model of ["demo-chat", "remote-chat"]) {
    await fetch(url, request(model, true));
    const check = await fetch(url, request(model, false));
    if (check.headers.get("x-cache") !== "HIT")
      throw new Error(`expected a cache hit, got ${check.status} ${check.headers.get("x-cache")}`);
    for (const miss of [true, false]) {
      const name = `${model} cache ${miss ? "MISS" : "HIT"}`;
      await load(`${name} (warm-up)`, url, { ...request(model, miss), seconds: 2 });
      const result = await load(name, url, { ...request(model, miss), seconds: SECONDS });
      results.push(result);
      console.log(`bench: ${row(result)}`);
    }
  }
  console.log("\nResponse cache (50 connections, autocannon):");
  for (const result of results) console.log(row(result));
  for (let i = 0; i < results.length; i += 2) {
    const [miss, hit] = [results[i], results[i + 1]];
    console.log(
      `${hit.name}: ${(hit.requestsPerSecond / miss.requestsPerSecond).toFixed(2)}× the miss's throughput, p99 ${hit.p99} ms vs ${miss.p99} ms`,
    );
  }
} finally {
  for (const process of running) await process.stop();
  await database.drop();
}
