import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  seconds: number;
  connections?: number;
}

/**
 * Which load generator drives the servers: wrk (C, one thread) when installed, because on 2
 * cores the client's own CPU is taken from the server under test, and autocannon (Node) spends
 * several times wrk's CPU a request. BENCH_CLIENT picks one.
 */
export function loadClient(): "wrk" | "autocannon" {
  const chosen = process.env.BENCH_CLIENT;
  if (chosen === "wrk" || chosen === "autocannon") return chosen;
  return spawnSync("wrk", ["--version"]).error ? "autocannon" : "wrk";
}

/** Drive one URL with the load generator in its own process. */
export function load(name: string, url: string, options: LoadOptions): Promise<LoadResult> {
  return loadClient() === "wrk" ? wrk(name, url, options) : autocannon(name, url, options);
}

/** Run a command, resolving with its standard output when it exits 0. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`${command} exited with ${code}`));
      else resolve(out);
    });
  });
}

interface AutocannonJson {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

async function autocannon(name: string, url: string, options: LoadOptions): Promise<LoadResult> {
  const args = [
    require.resolve("autocannon/autocannon.js"),
    "-j",
    "-c",
    String(options.connections ?? 50),
    "-d",
    String(options.seconds),
    "-m",
    options.method ?? "GET",
  ];
  for (const [header, value] of Object.entries(options.headers ?? {}))
    args.push("-H", `${header}=${value}`);
  if (options.body) args.push("-b", options.body);
  args.push(url);
  const json = JSON.parse(await run(process.execPath, args)) as AutocannonJson;
  return {
    name,
    requestsPerSecond: json.requests.average,
    p50: json.latency.p50,
    p99: json.latency.p99,
    errors: json.errors + json.timeouts,
    non2xx: json.non2xx,
  };
}

/**
 * wrk with a script that sets the request and prints one JSON line at the end (latencies in
 * µs there; reported in ms like autocannon). wrk counts answers outside 2xx/3xx in
 * errors.status, so non-2xx below also counts a 3xx — no bench URL redirects.
 */
async function wrk(name: string, url: string, options: LoadOptions): Promise<LoadResult> {
  const script = path.join(mkdtempSync(path.join(tmpdir(), "darwaza-wrk-")), "request.lua");
  const headers = Object.entries(options.headers ?? {})
    .map(([header, value]) => `wrk.headers[${JSON.stringify(header)}] = ${JSON.stringify(value)}`)
    .join("\n");
  writeFileSync(
    script,
    `wrk.method = ${JSON.stringify(options.method ?? "GET")}
${options.body ? `wrk.body = ${JSON.stringify(options.body)}` : ""}
${headers}
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"duration":%d,"p50":%d,"p99":%d,"socket":%d,"status":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
`,
  );
  const out = await run("wrk", [
    "-t1",
    `-c${options.connections ?? 50}`,
    `-d${options.seconds}s`,
    "--timeout",
    "10s",
    "-s",
    script,
    url,
  ]);
  const line = out.split("\n").find((text) => text.startsWith("{"));
  if (!line) throw new Error(`wrk printed no summary:\n${out}`);
  const json = JSON.parse(line) as Record<string, number>;
  return {
    name,
    requestsPerSecond: json.requests / (json.duration / 1e6),
    p50: Math.round(json.p50 / 100) / 10,
    p99: Math.round(json.p99 / 100) / 10,
    errors: json.socket,
    non2xx: json.status,
  };
}
