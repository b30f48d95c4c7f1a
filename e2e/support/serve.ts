import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { releaseEmbeddedDatabase } from "@/lib/db/resolve-url";
import { createFreshDatabase } from "@/lib/db/test-support/fresh-database";
import { E2E_ADMIN, E2E_PORT, E2E_SALES_EMAIL } from "./constants";

/**
 * Playwright's webServer: the production server (`npm start`'s server/main.ts, which builds when
 * the build is missing or stale) on E2E_PORT, against a FRESH database on DATABASE_URL's server
 * (or the embedded PostgreSQL when unset), with known admin credentials. Redis only when
 * E2E_REDIS_URL is set: sign-in throttle counters in a shared Redis would outlive the run.
 */
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "darwaza-e2e-"));
// As root, the embedded PostgreSQL runs as a `postgres` user, who must be able to enter the folder.
chmodSync(dataDir, 0o755);
// An embedded PostgreSQL, if one is needed, lives in the temporary folder too.
process.env.DARWAZA_DATA_DIR = dataDir;

const database = await createFreshDatabase();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  PORT: String(E2E_PORT),
  DATABASE_URL: database.url,
  DARWAZA_DATA_DIR: dataDir,
  DARWAZA_ADMIN_EMAIL: E2E_ADMIN.email,
  DARWAZA_ADMIN_PASSWORD: E2E_ADMIN.password,
  DARWAZA_ADMIN_TOKEN: E2E_ADMIN.token,
  DARWAZA_SALES_EMAIL: E2E_SALES_EMAIL,
  DARWAZA_TIMEZONE: process.env.DARWAZA_TIMEZONE ?? "Asia/Karachi",
  REDIS_URL: process.env.E2E_REDIS_URL ?? "",
  // e2e/webhooks.spec.ts receives webhooks on a server of its own on loopback, which only an
  // operator's allowlist opens; its retries are quick so the run sees one.
  DARWAZA_WEBHOOK_ALLOW_HOSTS: "127.0.0.1",
  DARWAZA_WEBHOOK_RETRY_MS: "1000",
  DARWAZA_WEBHOOK_POLL_MS: "250",
};
delete env.DARWAZA_PUBLIC_URL;
delete env.NEXTAUTH_URL;

console.log(`e2e: database ${database.url.replace(/\/\/[^@]*@/, "//")}, data ${dataDir}`);
// `npm start` without npm: one process, so signals reach the server directly.
const server: ChildProcess = spawn(process.execPath, ["server/start.mjs"], {
  cwd: root,
  env,
  stdio: "inherit",
});

let cleaning: Promise<void> | null = null;
function cleanUp(code: number): Promise<void> {
  cleaning ??= (async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      const timer = setTimeout(() => server.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await database
      .drop()
      .catch((error: unknown) => console.error("e2e: could not drop the database", error));
    await releaseEmbeddedDatabase().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(code);
  })();
  return cleaning;
}

server.once("exit", (code) => void cleanUp(code ?? 1));
process.once("SIGTERM", () => void cleanUp(0));
process.once("SIGINT", () => void cleanUp(0));
