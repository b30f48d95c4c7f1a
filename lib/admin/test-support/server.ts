import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

export interface TestServer {
  base: string;
  stop(): Promise<void>;
}

async function waitForHealth(base: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server did not become healthy in 2 minutes");
}

/**
 * A production server (server/main.ts: gateway + Next) of its own, on `databaseUrl`, for an e2e
 * spec that must seed its database directly. It serves the build Playwright's webServer just
 * made (DARWAZA_SKIP_BUILD: it must never start a second build beside the running one).
 */
export async function startTestServer(options: {
  port: number;
  databaseUrl: string;
  dataDir: string;
  env?: Record<string, string>;
}): Promise<TestServer> {
  const root = path.resolve(import.meta.dirname, "../../..");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DARWAZA_SKIP_BUILD: "1",
    PORT: String(options.port),
    DATABASE_URL: options.databaseUrl,
    DARWAZA_DATA_DIR: options.dataDir,
    REDIS_URL: "",
    ...options.env,
  };
  delete env.DARWAZA_PUBLIC_URL;
  delete env.NEXTAUTH_URL;
  const server = spawn(process.execPath, ["server/start.mjs"], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  const base = `http://localhost:${options.port}`;
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    const timer = setTimeout(() => server.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHealth(base, server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, stop };
}
