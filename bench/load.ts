import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

interface AutocannonJson {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** Drive one URL with autocannon in its own process (like wrk would be), JSON out. */
export function load(
  name: string,
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    seconds: number;
    connections?: number;
  },
): Promise<LoadResult> {
  const args = [
    require.resolve("autocannon/autocannon.js"),
    "-j",
    "-c",
    String(options.connections ?? 50),
    "-d",
    String(options.seconds),
  ];
  args.push("-m", options.method ?? "GET");
  for (const [header, value] of Object.entries(options.headers ?? {}))
    args.push("-H", `${header}=${value}`);
  if (options.body) args.push("-b", options.body);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const json = JSON.parse(out) as AutocannonJson;
      resolve({
        name,
        requestsPerSecond: json.requests.average,
        p50: json.latency.p50,
        p99: json.latency.p99,
        errors: json.errors + json.timeouts,
        non2xx: json.non2xx,
      });
    });
  });
}
