import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { freePort } from "@/scale/support/ports";

export interface NpmStart {
  port: number;
  /** The gateway process (the web process is its child). */
  pid: number;
  readonly output: string;
  stop(): Promise<number | null>;
}

const root = path.resolve(import.meta.dirname, "../../..");

/**
 * `npm start` as it runs in production (node server/start.mjs: the gateway process and its Next
 * web process) on a free port, serving the existing build (DARWAZA_SKIP_BUILD: build first, under
 * flock /tmp/darwaza-build.lock). `env` adds to this process's environment.
 */
export async function npmStart(env: Record<string, string>): Promise<NpmStart> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["server/start.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DARWAZA_SKIP_BUILD: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const deadline = Date.now() + 90_000;
  while (!output.includes("Darwaza: ready on")) {
    if (child.exitCode !== null)
      throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`npm start not ready after 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    pid: child.pid ?? 0,
    get output() {
      return output;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with the target sent byte for byte (fetch would normalise the path first). */
export function rawRequest(
  port: number,
  method: string,
  target: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method, path: target, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
