/**
 * `npx tsx bench/profile.ts [standalone|main|bare|ceiling]`: one server (the gateway alone on
 * node:http under tsx, the whole `npm start` server, the bare baseline, or the least a metered
 * gateway can do — bench/ceiling-server.ts) under the bench's load generator for
 * BENCH_SECONDS, printing the CPU it and Postgres spent per request (the figure to compare while
 * optimising; req/s moves with whatever else the machine runs). PROFILE=1 writes a V8 CPU
 * profile to PROFILE_DIR (default /tmp/prof); NODE_ARGS adds node flags to the server;
 * PROFILE_KEY=credit calls with the key whose every call is paid from credit under caps.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { load } from "./load";
import { freePort, startProcess } from "./processes";
import { benchDatabase } from "./setup";

const root = path.resolve(import.meta.dirname, "..");
const mode = process.argv[2] ?? "standalone";
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const database = await benchDatabase();
const port = await freePort();
const scripts: Record<string, string> = {
  main: "server/start.mjs",
  standalone: "bench/gateway-server.ts",
  bare: "bench/bare-server.mjs",
  ceiling: "bench/ceiling-server.ts",
};
const script = scripts[mode];
const profile =
  process.env.PROFILE === "1"
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PROFILE_DIR ?? "/tmp/prof"}`]
    : [];
const server = await startProcess(
  mode,
  process.execPath,
  [
    ...profile,
    ...(process.env.NODE_ARGS ?? "").split(" ").filter(Boolean),
    ...(script.endsWith(".ts") ? ["--import", "tsx"] : []),
    path.join(root, script),
  ],
  { ...database.env, PORT: String(port), HOST: "127.0.0.1", DARWAZA_SKIP_BUILD: "1" },
  `http://127.0.0.1:${port}/api/v1/models`,
  120_000,
  (status) => status === 401 || (mode === "bare" && status === 200) || mode === "ceiling",
).catch(async (error) => {
  await database.drop();
  throw error;
});
const key = process.env.PROFILE_KEY === "credit" ? database.creditKey : database.key;
const chat = {
  method: "POST",
  headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
  body: JSON.stringify({
    model: "demo-chat",
    messages: [{ role: "user", content: "Hello, how are you today?" }],
    max_tokens: 16,
  }),
};
const url = `http://127.0.0.1:${port}/api/v1/chat/completions`;
await load("warm-up", url, { ...chat, seconds: 3 });
const pid = server.child.pid ?? 0;
// The main thread apart: it serves every request, while V8's own threads (the garbage collector's
// helpers) may run on the other core.
const mainThread = `${pid}/task/${pid}`;
const before = {
  server: cpuMs([pid]),
  main: cpuMs([mainThread]),
  postgres: cpuMs(postgresPids()),
  redis: cpuMs(commPids("redis-server")),
};
const result = await load(mode, url, { ...chat, seconds });
const requests = result.requestsPerSecond * seconds;
const perRequest = (ms: number) => ((ms * 1000) / requests).toFixed(1);
console.log(
  `${mode}: ${Math.round(result.requestsPerSecond)} req/s p50 ${result.p50} p99 ${result.p99} errors ${result.errors} non2xx ${result.non2xx}; ` +
    `CPU µs/request: server ${perRequest(cpuMs([pid]) - before.server)} (main thread ${perRequest(cpuMs([mainThread]) - before.main)}), postgres ${perRequest(cpuMs(postgresPids()) - before.postgres)}, redis ${perRequest(cpuMs(commPids("redis-server")) - before.redis)}`,
);
await server.stop();
await database.drop();

/** utime + stime (ms) of these processes (or pid/task/tid: threads). */
function cpuMs(pids: (number | string)[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone.
    }
  }
  return ticks * 10;
}

function postgresPids(): number[] {
  return commPids("postgres");
}

function commPids(comm: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === comm;
      } catch {
        return false;
      }
    })
    .map(Number);
}
